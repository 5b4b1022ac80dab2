import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, PartialType } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { assertOrg, type Actor } from '../auth/access.js';
import { CurrentActor } from '../auth/auth.decorators.js';
import { IdPipe } from '../common/id.pipe.js';
import { SupervisionPolicyConfig } from '../config/app-config.js';
import { PeopleService } from '../people/people.service.js';
import type { SupervisionPolicy } from './policy.js';
import { SupervisionService } from './supervision.service.js';

/** An org's override of the reminder policy: any subset of the keys of `supervision.policy`, same rules. */
export class OrgPolicyDto extends PartialType(SupervisionPolicyConfig) {}

@ApiTags('orgs')
@ApiBearerAuth()
@Controller('orgs')
export class PolicyController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
  ) {}

  /** The policy in force for the org: config defaults merged with its override. Anyone in the org may read it. */
  @Get(':id/policy')
  async get(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number): Promise<SupervisionPolicy> {
    await this.people.getOrg(id);
    assertOrg(a, id);
    return this.supervision.policyFor(id);
  }

  /** Replaces the org's override (admins); every unfinished task is looked at again under it. */
  @Put(':id/policy')
  async put(@CurrentActor() a: Actor, @Param('id', IdPipe) id: number, @Body() dto: OrgPolicyDto): Promise<SupervisionPolicy> {
    await this.people.getOrg(id);
    assertOrg(a, id, { admin: true });
    const policy = await this.supervision.setOrgPolicy(id, { ...dto } as Partial<SupervisionPolicy>);
    await this.audit.record([{ entityType: 'org', entityId: id, orgId: id, action: 'policy_changed', actorId: a.id, data: { ...dto } }]);
    return policy;
  }
}
