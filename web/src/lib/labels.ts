export const STATUS_LABEL: Record<string, string> = {
  scheduled: '未开始',
  open: '进行中',
  submitted: '已提交待审核',
  returned: '已退回',
  done: '已完成',
  cancelled: '已取消',
};
export const LIGHT_LABEL: Record<string, string> = { red: '红灯', yellow: '黄灯', green: '绿灯' };
export const LIGHT_COLOR: Record<string, string> = { red: '#d9363e', yellow: '#c98a00', green: '#1a8f4c' };
export const ROLE_LABEL: Record<string, string> = { admin: '办公室（管理员）', presidium: '主席团', unit_head: '单位负责人', staff: '责任人' };
/** Reminder channels as the office reads them (the group robots are the webhook kinds). */
export const CHANNEL_LABEL: Record<string, string> = {
  email: '邮件',
  wecom: '企业微信群',
  dingtalk: '钉钉群',
  'wecom-app': '企业微信',
  'dingtalk-app': '钉钉',
  webhook: 'Webhook',
  log: '日志',
};
/** The channel a person's reminders go through when none is chosen (server: channelFor in src/notifications/channels.ts). */
export const effectiveChannel = (p: { notifyChannel?: string | null; email?: string | null; webhookUrl?: string | null }): string =>
  p.notifyChannel || (p.email ? 'email' : p.webhookUrl ? 'webhook' : 'log');
export const EXT_STATUS: Record<string, string> = { pending: '待审批', approved: '已批准', denied: '已驳回' };
export const hasRole = (roles: string[] | undefined, ...wanted: string[]) => !!roles && roles.some((r) => wanted.includes(r));
export const ACTION_LABEL: Record<string, string> = {
  created: '创建',
  activated: '启用',
  window_opened: '开始办理',
  evidence_added: '添加材料',
  evidence_detached: '移除材料',
  submitted: '提交审核',
  resubmitted: '重新提交',
  accepted: '审核通过',
  returned: '审核退回',
  cancelled: '取消',
  extension_requested: '申请延期',
  extension_approved: '批准延期',
  extension_denied: '驳回延期',
  partial_allowed: '允许缺项提交',
  partial_revoked: '撤销缺项提交',
  replanned: '调整时间',
  updated: '修改',
  escalated: '升级督办',
};
