import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { assertAdmin, assertOrg, type Actor } from '../auth/access.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { CreateOrgDto, CreatePersonDto, CreateUnitDto, ListPeopleQuery, UpdateOrgDto, UpdatePersonDto, UpdateUnitDto } from './dto/people.dto.js';
import { PeopleService } from './people.service.js';

// Everyone reads their own org's orgs, units and people; only the org's admins change them.

@ApiTags('orgs')
@ApiBearerAuth()
@Controller('orgs')
export class OrgsController {
  constructor(private readonly people: PeopleService) {}
  @Get() async list(@CurrentActor() a: Actor) {
    return [await this.people.getOrg(a.orgId)];
  }
  @Get(':id') get(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    assertOrg(a, id);
    return this.people.getOrg(id);
  }
  /** A new org is created by an admin; its own people are then added with `ducha user:add --org <id>`. */
  @Post() create(@CurrentActor() a: Actor, @Body() dto: CreateOrgDto) {
    assertAdmin(a);
    return this.people.createOrg(dto, a.id);
  }
  @Patch(':id') update(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateOrgDto) {
    assertOrg(a, id, { admin: true });
    return this.people.updateOrg(id, dto, a.id);
  }
  @Delete(':id') @HttpCode(204) remove(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    assertOrg(a, id, { admin: true });
    return this.people.deleteOrg(id);
  }
}

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly people: PeopleService) {}
  @Get() list(@CurrentActor() a: Actor, @Query('orgId') orgId?: string) {
    if (orgId) assertOrg(a, new IdPipe().transform(orgId));
    return this.people.listUnits(a.orgId);
  }
  @Get(':id') async get(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    const u = await this.people.getUnit(id);
    assertOrg(a, u.orgId);
    return u;
  }
  @Post() create(@CurrentActor() a: Actor, @Body() dto: CreateUnitDto) {
    assertOrg(a, dto.orgId, { admin: true });
    return this.people.createUnit(dto, a.id);
  }
  @Patch(':id') async update(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateUnitDto) {
    assertOrg(a, (await this.people.getUnit(id)).orgId, { admin: true });
    return this.people.updateUnit(id, dto, a.id);
  }
  @Delete(':id') @HttpCode(204) async remove(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    assertOrg(a, (await this.people.getUnit(id)).orgId, { admin: true });
    return this.people.deleteUnit(id);
  }
}

@ApiTags('people')
@ApiBearerAuth()
@Controller('people')
export class PeopleController {
  constructor(private readonly people: PeopleService) {}
  @Get() list(@CurrentActor() a: Actor, @Query() q: ListPeopleQuery) {
    if (q.orgId) assertOrg(a, q.orgId);
    return this.people.listPeople({ ...q, orgId: a.orgId });
  }
  @Get(':id') async get(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    const p = await this.people.getPerson(id);
    assertOrg(a, p.orgId);
    return p;
  }
  @Post() create(@CurrentActor() a: Actor, @Body() dto: CreatePersonDto) {
    assertOrg(a, dto.orgId, { admin: true });
    return this.people.createPerson(dto, a.id);
  }
  @Patch(':id') async update(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdatePersonDto) {
    assertOrg(a, (await this.people.getPerson(id)).orgId, { admin: true });
    return this.people.updatePerson(id, dto, a.id);
  }
  @Delete(':id') @HttpCode(204) async remove(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    assertOrg(a, (await this.people.getPerson(id)).orgId, { admin: true });
    return this.people.deletePerson(id);
  }
}
