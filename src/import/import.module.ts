import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../config/app-config.js';
import { PlansModule } from '../plans/plans.module.js';
import { ImportController } from './import.controller.js';
import { ImportService } from './import.service.js';

// Plan documents are small and parsed whole, so they are held in memory, under importMaxBytes.
@Module({
  imports: [
    PlansModule,
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ storage: memoryStorage(), limits: { fileSize: config.importMaxBytes, files: 1, fields: 10 } }),
    }),
  ],
  controllers: [ImportController],
  providers: [ImportService],
  exports: [ImportService],
})
export class ImportModule {}
