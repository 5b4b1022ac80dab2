import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC, type AuthedRequest } from './auth.decorators.js';
import { AuthService } from './auth.service.js';

/** Global guard: every route needs a bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  /** @Public() per route handler, read once (the metadata never changes after boot; the lookup showed per request, #14). */
  private readonly publicRoutes = new WeakMap<object, WeakMap<object, boolean>>();

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const [handler, cls] = [ctx.getHandler(), ctx.getClass()];
    let ofClass = this.publicRoutes.get(cls);
    if (!ofClass) this.publicRoutes.set(cls, (ofClass = new WeakMap()));
    let open = ofClass.get(handler);
    if (open === undefined) ofClass.set(handler, (open = !!this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [handler, cls])));
    if (open) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & AuthedRequest>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    req.actor = await this.auth.authenticate(match?.[1]);
    return true;
  }
}
