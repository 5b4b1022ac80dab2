import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module.js';
import { ItemsController, PlansController } from './plans.controller.js';
import { PlansService } from './plans.service.js';

@Module({ imports: [PeopleModule], controllers: [PlansController, ItemsController], providers: [PlansService], exports: [PlansService] })
export class PlansModule {}
