import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { TaskAccessService } from './task-access.service.js';

@Global()
@Module({
  controllers: [AuthController],
  providers: [AuthService, TaskAccessService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, TaskAccessService],
})
export class AuthModule {}
