import { AuditEvent } from '../audit/audit-event.entity.js';
import { AuthToken, Credential } from '../auth/auth.entities.js';
import { Evidence, EvidenceFile } from '../evidence/evidence.entities.js';
import { ExtensionRequest } from '../tasks/extension-request.entity.js';
import { Org } from '../people/org.entity.js';
import { Person } from '../people/person.entity.js';
import { Unit } from '../people/unit.entity.js';
import { PlanItem } from '../plans/plan-item.entity.js';
import { Plan } from '../plans/plan.entity.js';
import { Task } from '../tasks/task.entity.js';
import { Notification, NotificationMessage } from '../notifications/notification.entity.js';
import { OrgPolicy, SupervisionWatermark } from '../supervision/supervision.entities.js';
import { ReportDelivery } from '../reports/report-delivery.entity.js';

export const ENTITIES = [
  Org,
  Unit,
  Person,
  Plan,
  PlanItem,
  Task,
  AuditEvent,
  Credential,
  AuthToken,
  EvidenceFile,
  Evidence,
  ExtensionRequest,
  Notification,
  NotificationMessage,
  OrgPolicy,
  SupervisionWatermark,
  ReportDelivery,
];
