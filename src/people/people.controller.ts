import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe.js';
import { CreateOrgDto, CreatePersonDto, CreateUnitDto, ListPeopleQuery, UpdateOrgDto, UpdatePersonDto, UpdateUnitDto } from './dto/people.dto.js';
import { PeopleService } from './people.service.js';

@ApiTags('orgs')
@Controller('orgs')
export class OrgsController {
  constructor(private readonly people: PeopleService) {}
  @Get() list() { return this.people.listOrgs(); }
  @Get(':id') get(@Param('id', IdPipe) id: number) { return this.people.getOrg(id); }
  @Post() create(@Body() dto: CreateOrgDto) { return this.people.createOrg(dto); }
  @Patch(':id') update(@Param('id', IdPipe) id: number, @Body() dto: UpdateOrgDto) { return this.people.updateOrg(id, dto); }
  @Delete(':id') @HttpCode(204) remove(@Param('id', IdPipe) id: number) { return this.people.deleteOrg(id); }
}

@ApiTags('units')
@Controller('units')
export class UnitsController {
  constructor(private readonly people: PeopleService) {}
  @Get() list(@Query('orgId') orgId?: string) { return this.people.listUnits(orgId ? new IdPipe().transform(orgId) : undefined); }
  @Get(':id') get(@Param('id', IdPipe) id: number) { return this.people.getUnit(id); }
  @Post() create(@Body() dto: CreateUnitDto) { return this.people.createUnit(dto); }
  @Patch(':id') update(@Param('id', IdPipe) id: number, @Body() dto: UpdateUnitDto) { return this.people.updateUnit(id, dto); }
  @Delete(':id') @HttpCode(204) remove(@Param('id', IdPipe) id: number) { return this.people.deleteUnit(id); }
}

@ApiTags('people')
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}
  @Get() list(@Query() q: ListPeopleQuery) { return this.people.listPeople(q); }
  @Get(':id') get(@Param('id', IdPipe) id: number) { return this.people.getPerson(id); }
  @Post() create(@Body() dto: CreatePersonDto) { return this.people.createPerson(dto); }
  @Patch(':id') update(@Param('id', IdPipe) id: number, @Body() dto: UpdatePersonDto) { return this.people.updatePerson(id, dto); }
  @Delete(':id') @HttpCode(204) remove(@Param('id', IdPipe) id: number) { return this.people.deletePerson(id); }
}
