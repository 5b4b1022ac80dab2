import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../common/id.pipe.js';
import { CreateItemDto, CreatePlanWithItemsDto, ListPlansQuery, UpdateItemDto, UpdatePlanDto } from './dto/plans.dto.js';
import { PlansService } from './plans.service.js';

@ApiTags('plans')
@Controller('plans')
export class PlansController {
  constructor(private readonly plans: PlansService) {}
  @Get() list(@Query() q: ListPlansQuery) { return this.plans.list(q); }
  @Get(':id') get(@Param('id', IdPipe) id: number) { return this.plans.getWithItems(id); }
  @Post() create(@Body() dto: CreatePlanWithItemsDto) { return this.plans.create(dto); }
  @Patch(':id') update(@Param('id', IdPipe) id: number, @Body() dto: UpdatePlanDto) { return this.plans.update(id, dto); }
  @Delete(':id') @HttpCode(204) remove(@Param('id', IdPipe) id: number) { return this.plans.remove(id); }
  /** Expands items into tasks; idempotent. */
  @Post(':id/activate') @HttpCode(200) activate(@Param('id', IdPipe) id: number) { return this.plans.activate(id); }
  @Post(':id/archive') @HttpCode(200) archive(@Param('id', IdPipe) id: number) { return this.plans.archive(id); }
  @Get(':id/items') items(@Param('id', IdPipe) id: number) { return this.plans.get(id).then(() => this.plans.items(id)); }
  @Post(':id/items') addItem(@Param('id', IdPipe) id: number, @Body() dto: CreateItemDto) { return this.plans.addItem(id, dto); }
}

@ApiTags('plans')
@Controller('items')
export class ItemsController {
  constructor(private readonly plans: PlansService) {}
  @Get(':id') get(@Param('id', IdPipe) id: number) { return this.plans.getItem(id); }
  @Patch(':id') update(@Param('id', IdPipe) id: number, @Body() dto: UpdateItemDto) { return this.plans.updateItem(id, dto); }
  @Delete(':id') @HttpCode(204) remove(@Param('id', IdPipe) id: number) { return this.plans.removeItem(id); }
}
