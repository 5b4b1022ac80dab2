import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Like, type FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AuthService } from '../auth/auth.service.js';
import { Clock } from '../clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { conflict, invalidField, notFound } from '../common/errors.js';
import type { CreateOrgDto, CreatePersonDto, CreateUnitDto, ListPeopleQuery, UpdateOrgDto, UpdatePersonDto, UpdateUnitDto } from './dto/people.dto.js';
import { Org } from './org.entity.js';
import { Person } from './person.entity.js';
import { Unit } from './unit.entity.js';

/** Orgs, units and people: the who of supervision. */
@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    // Optional: a process without the auth module (the `ducha import` CLI) has no signed-in callers to forget.
    @Optional() private readonly auth?: AuthService,
  ) {}

  private get orgs() {
    return this.db.getRepository(Org);
  }
  private get units() {
    return this.db.getRepository(Unit);
  }
  private get people() {
    return this.db.getRepository(Person);
  }

  listOrgs(): Promise<Org[]> {
    return this.orgs.find({ order: { id: 'ASC' } });
  }
  async getOrg(id: number): Promise<Org> {
    return (await this.orgs.findOneBy({ id })) ?? Promise.reject(notFound('单位组织', id));
  }
  async createOrg(dto: CreateOrgDto, actorId: number | null = null): Promise<Org> {
    const org = await this.orgs.save(this.orgs.create({ name: dto.name, timeZone: dto.timeZone ?? this.config.timeZone, createdAt: this.clock.now() }));
    await this.audit.record([{ entityType: 'org', entityId: org.id, orgId: org.id, action: 'created', actorId }]);
    return org;
  }
  async updateOrg(id: number, dto: UpdateOrgDto, actorId: number | null = null): Promise<Org> {
    const org = await this.getOrg(id);
    Object.assign(org, dto);
    await this.orgs.save(org);
    this.auth?.forgetAll(); // signed-in callers carry the org's zone
    await this.audit.record([{ entityType: 'org', entityId: id, orgId: id, action: 'updated', actorId, data: { ...dto } }]);
    return org;
  }
  async deleteOrg(id: number): Promise<void> {
    await this.getOrg(id);
    await this.orgs.delete({ id });
    this.auth?.forgetAll();
  }

  listUnits(orgId?: number): Promise<Unit[]> {
    return this.units.find({ where: orgId ? { orgId } : {}, order: { id: 'ASC' } });
  }
  async getUnit(id: number): Promise<Unit> {
    return (await this.units.findOneBy({ id })) ?? Promise.reject(notFound('责任单位', id));
  }
  async createUnit(dto: CreateUnitDto, actorId: number | null = null): Promise<Unit> {
    await this.requireOrg(dto.orgId);
    if (dto.headId) await this.requirePersonInOrg('headId', dto.headId, dto.orgId);
    const unit = await this.units.save(this.units.create({ orgId: dto.orgId, name: dto.name, headId: dto.headId ?? null, createdAt: this.clock.now() }));
    await this.audit.record([{ entityType: 'unit', entityId: unit.id, orgId: unit.orgId, action: 'created', actorId }]);
    return unit;
  }
  async updateUnit(id: number, dto: UpdateUnitDto, actorId: number | null = null): Promise<Unit> {
    const unit = await this.getUnit(id);
    if (dto.headId) await this.requirePersonInOrg('headId', dto.headId, unit.orgId);
    Object.assign(unit, dto);
    await this.units.save(unit);
    await this.audit.record([{ entityType: 'unit', entityId: id, orgId: unit.orgId, action: 'updated', actorId, data: { ...dto } }]);
    return unit;
  }
  async deleteUnit(id: number): Promise<void> {
    await this.getUnit(id);
    await this.units.delete({ id });
  }

  listPeople(q: ListPeopleQuery): Promise<Person[]> {
    const where: FindOptionsWhere<Person> = {};
    if (q.orgId) where.orgId = q.orgId;
    if (q.unitId) where.unitId = q.unitId;
    if (q.name) where.name = Like(`%${q.name}%`);
    return this.people.find({ where, order: { id: 'ASC' } });
  }
  async getPerson(id: number): Promise<Person> {
    return (await this.people.findOneBy({ id })) ?? Promise.reject(notFound('人员', id));
  }
  async createPerson(dto: CreatePersonDto, actorId: number | null = null): Promise<Person> {
    await this.requireOrg(dto.orgId);
    if (dto.unitId) await this.requireUnitInOrg('unitId', dto.unitId, dto.orgId);
    if (dto.email) await this.requireEmailFree(dto.email);
    const person = await this.people.save(
      this.people.create({
        orgId: dto.orgId,
        unitId: dto.unitId ?? null,
        name: dto.name,
        roles: [...new Set(dto.roles)],
        email: dto.email?.toLowerCase() ?? null,
        phone: dto.phone ?? null,
        webhookUrl: dto.webhookUrl ?? null,
        notifyChannel: dto.notifyChannel ?? null,
        wecomUserId: dto.wecomUserId ?? null,
        dingtalkUserId: dto.dingtalkUserId ?? null,
        active: dto.active ?? true,
        createdAt: this.clock.now(),
      }),
    );
    await this.audit.record([{ entityType: 'person', entityId: person.id, orgId: person.orgId, action: 'created', actorId }]);
    return person;
  }
  async updatePerson(id: number, dto: UpdatePersonDto, actorId: number | null = null): Promise<Person> {
    const person = await this.getPerson(id);
    if (dto.orgId && dto.orgId !== person.orgId) throw invalidField('orgId', '人员不能转到其他组织');
    if (dto.unitId) await this.requireUnitInOrg('unitId', dto.unitId, person.orgId);
    if (dto.email && dto.email.toLowerCase() !== person.email) await this.requireEmailFree(dto.email);
    if (dto.active === false) await this.keepAnAdmin(person, 'active', '不能停用');
    if (dto.roles && !dto.roles.includes('admin')) await this.keepAnAdmin(person, 'roles', '不能取消管理员角色');
    Object.assign(person, { ...dto, ...(dto.email ? { email: dto.email.toLowerCase() } : {}) });
    await this.people.save(person);
    this.auth?.forgetPerson(id); // deactivated, or new roles or unit: their tokens resolve afresh
    await this.audit.record([{ entityType: 'person', entityId: id, orgId: person.orgId, action: 'updated', actorId, data: { fields: Object.keys(dto) } }]);
    return person;
  }
  async deletePerson(id: number): Promise<void> {
    const person = await this.getPerson(id);
    await this.keepAnAdmin(person, null, '不能删除');
    await this.people.delete({ id });
    this.auth?.forgetPerson(id);
  }

  /**
   * An org keeps at least one active admin: otherwise nobody could manage its people, plans or
   * reminders again (only the server's CLI could). `person` is about to stop being one.
   */
  private async keepAnAdmin(person: Person, field: string | null, what: string): Promise<void> {
    if (!person.active || !person.roles.includes('admin')) return;
    const others = (await this.people.find({ where: { orgId: person.orgId, active: true }, select: { id: true, roles: true } })).filter(
      (p) => p.id !== person.id && p.roles.includes('admin'),
    );
    if (others.length) return;
    const reason = `${person.name}是本组织唯一在用的管理员，${what}：请先为其他人员设置管理员角色`;
    throw field ? invalidField(field, reason) : conflict('LAST_ADMIN', reason);
  }

  async requireOrg(orgId: number): Promise<Org> {
    const org = await this.orgs.findOneBy({ id: orgId });
    if (!org) throw invalidField('orgId', `组织不存在：${orgId}`);
    return org;
  }
  async requireUnitInOrg(field: string, unitId: number, orgId: number): Promise<Unit> {
    const unit = await this.units.findOneBy({ id: unitId });
    if (!unit || unit.orgId !== orgId) throw invalidField(field, `责任单位不存在：${unitId}`);
    return unit;
  }
  async requirePersonInOrg(field: string, personId: number, orgId: number): Promise<Person> {
    const person = await this.people.findOneBy({ id: personId });
    if (!person || person.orgId !== orgId) throw invalidField(field, `人员不存在：${personId}`);
    return person;
  }
  private async requireEmailFree(email: string): Promise<void> {
    if (await this.people.existsBy({ email: email.toLowerCase() })) throw conflict('EMAIL_TAKEN', `邮箱已被使用：${email}`);
  }
}
