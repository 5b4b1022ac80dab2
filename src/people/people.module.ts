import { Module } from '@nestjs/common';
import { OrgsController, PeopleController, UnitsController } from './people.controller.js';
import { PeopleService } from './people.service.js';

@Module({ controllers: [OrgsController, UnitsController, PeopleController], providers: [PeopleService], exports: [PeopleService] })
export class PeopleModule {}
