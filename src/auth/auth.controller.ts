import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { IdPipe } from '../common/id.pipe.js';
import type { Actor } from './access.js';
import { CurrentActor, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { ChangePasswordDto, CreateApiTokenDto, LoginDto, SetPasswordDto } from './dto/auth.dto.js';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Email + password → a bearer token for `sessionHours`. Rate limited per email and per address. */
  @Public()
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Req() req: FastifyRequest) {
    const { token, expiresAt, person } = await this.auth.login(dto.email, dto.password, req.ip ?? req.socket.remoteAddress ?? '-');
    return {
      token,
      tokenType: 'Bearer',
      expiresAt,
      person: { id: person.id, name: person.name, orgId: person.orgId, unitId: person.unitId, roles: person.roles, email: person.email },
    };
  }

  @Post('logout') @HttpCode(204) logout(@CurrentActor() actor: Actor) {
    return this.auth.logout(actor);
  }

  @Get('me') me(@CurrentActor() actor: Actor) {
    const { tokenId: _t, ...me } = actor;
    return me;
  }

  @Post('password')
  @HttpCode(204)
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto) {
    return this.auth.changeOwnPassword(actor, dto.currentPassword, dto.newPassword);
  }

  /** Admin sets (or resets) a person's password; their open sessions end. */
  @Put('people/:id/password')
  @HttpCode(204)
  setPassword(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: SetPasswordDto) {
    return this.auth.setPassword(actor, id, dto.password);
  }

  /** Admin issues a personal API token; it is shown in this response only. */
  @Post('tokens') createToken(@CurrentActor() actor: Actor, @Body() dto: CreateApiTokenDto) {
    return this.auth.createApiToken(actor, dto.personId, dto.name, dto.expiresInDays);
  }
  @Get('tokens') listTokens(@CurrentActor() actor: Actor) {
    return this.auth.listApiTokens(actor);
  }
  @Delete('tokens/:id') @HttpCode(204) revokeToken(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.auth.revokeApiToken(actor, id);
  }
}
