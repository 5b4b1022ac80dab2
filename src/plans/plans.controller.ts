import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertOrg, type Actor } from '../auth/access.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { ActivatePlanDto, CreateItemDto, CreatePlanWithItemsDto, ListPlansQuery, UpdateItemDto, UpdatePlanDto } from './dto/plans.dto.js';
import { PlansService } from './plans.service.js';

// Everyone in the org reads its plans and items; only the org's admins change them.

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}
  private async orgOf(a: Actor, id: number, admin = false): Promise<void> {
    assertOrg(a, (await this.plans.get(id)).orgId, { admin });
  }

  @Get() list(@CurrentActor() a: Actor, @Query() q: ListPlansQuery) {
    if (q.orgId) assertOrg(a, q.orgId);
    return this.plans.list({ ...q, orgId: a.orgId });
  }
  @Get(':id') async get(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    await this.orgOf(a, id);
    return this.plans.getWithItems(id);
  }
  @Post() create(@CurrentActor() a: Actor, @Body() dto: CreatePlanWithItemsDto) {
    assertOrg(a, dto.orgId, { admin: true });
    return this.plans.create(dto, a.id);
  }
  @Patch(':id') async update(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdatePlanDto) {
    await this.orgOf(a, id, true);
    return this.plans.update(id, dto, a.id);
  }
  @Delete(':id') @HttpCode(204) async remove(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    await this.orgOf(a, id, true);
    return this.plans.remove(id);
  }
  /** Expands items into tasks; idempotent. Past-due tasks get a grace period or are recorded done (补录); unowned items need allowUnowned. */
  @Post(':id/activate') @HttpCode(200) async activate(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: ActivatePlanDto) {
    await this.orgOf(a, id, true);
    return this.plans.activate(id, a.id, dto);
  }
  /** What activating now would do: messages today and in the first week, and the year's messages per person per month (nobody acting); changes nothing. */
  @ApiOperation({ summary: '启用前预览：今天和头一周发出的提醒数，以及全年每人每月收到的提醒（无人办理时的上限）；不做任何改动' })
  @Post(':id/activation-preview')
  @HttpCode(200)
  async previewActivation(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: ActivatePlanDto) {
    await this.orgOf(a, id, true);
    return this.plans.previewActivation(id, dto);
  }
  @Post(':id/archive') @HttpCode(200) async archive(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    await this.orgOf(a, id, true);
    return this.plans.archive(id, a.id);
  }
  @Get(':id/items') async items(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    await this.orgOf(a, id);
    return this.plans.items(id);
  }
  @Post(':id/items') async addItem(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateItemDto) {
    await this.orgOf(a, id, true);
    return this.plans.addItem(id, dto, a.id);
  }
}

@ApiTags('plans')
@ApiBearerAuth()
@Controller('items')
export class ItemsController {
  constructor(private readonly plans: PlansService) {}
  private async orgOf(a: Actor, itemId: number, admin = false): Promise<void> {
    const item = await this.plans.getItem(itemId);
    assertOrg(a, (await this.plans.get(item.planId)).orgId, { admin });
  }
  @Get(':id') async get(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    await this.orgOf(a, id);
    return this.plans.getItem(id);
  }
  @Patch(':id') async update(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateItemDto) {
    await this.orgOf(a, id, true);
    return this.plans.updateItem(id, dto, a.id);
  }
  @Delete(':id') @HttpCode(204) async remove(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number) {
    await this.orgOf(a, id, true);
    return this.plans.removeItem(id, a.id);
  }
}
