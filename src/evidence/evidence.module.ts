import { Module } from '@nestjs/common';
import { EvidenceStorage } from './evidence-storage.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceService } from './evidence.service.js';
import { HeicRenditions } from './heic-rendition.js';

@Module({ controllers: [EvidenceController], providers: [EvidenceService, EvidenceStorage, HeicRenditions], exports: [EvidenceService] })
export class EvidenceModule {}
