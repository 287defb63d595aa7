/** Integrity: the administrators' warnings about the audit trail and the database, both languages. */
const en = {
  title: 'Integrity',
  warnings: {
    AUDIT_TRIGGERS_RESTORED:
      'Someone removed or altered the protection that keeps the audit log append-only. It was restored at start ({{restored}}{{removed}}) and the event is in the log. Find out who had access to the database file.',
    AUDIT_CHAIN_BROKEN:
      'At start the audit log did not match its last signed checkpoint ({{problem}} at event #{{firstBrokenId}}). Events were deleted or altered outside the console. Keep the database file as evidence and restore the latest good backup.',
    AUDIT_CHECKPOINT_MISSING:
      'The signed checkpoint beside the database ({{file}}) is gone, so deleted newest events could not be ruled out. A new checkpoint was started; find out who removed the file.',
    IMPORTS_INTERRUPTED:
      'Contact imports {{imports}} were running when the console stopped. They were marked failed; what they had committed is kept. Import the files again to add the rest (rows already in are skipped).',
    BACKUP_FAILED:
      'The scheduled backup failed ({{error}}). Check the backup folder in Settings → Backups (free space, permissions) and make a backup now.',
    DATABASE_DAMAGED:
      'The check of the database file, run in the background after start, found damage ({{problems}}). Pages that are damaged fail with an error when read. Make no more changes: restore the latest good backup (Settings → Backups).',
  },
  dismiss: 'Hide until the next start',
};

const zh: typeof en = {
  title: '完整性',
  warnings: {
    AUDIT_TRIGGERS_RESTORED:
      '有人删除或改动了保证审计日志只增不改的保护机制。已在启动时恢复（{{restored}}{{removed}}），此事件已记入日志。请查明谁接触过数据库文件。',
    AUDIT_CHAIN_BROKEN:
      '启动时审计日志与最近一次签名检查点不符（第 #{{firstBrokenId}} 条事件：{{problem}}）。有事件在控制台之外被删除或篡改。请保留数据库文件作为证据，并恢复最近一份完好的备份。',
    AUDIT_CHECKPOINT_MISSING:
      '数据库旁的签名检查点文件（{{file}}）已不存在，因此无法排除最新事件被删除。已重新开始记录检查点；请查明是谁删除了该文件。',
    IMPORTS_INTERRUPTED:
      '控制台停止时联络记录导入 {{imports}} 仍在进行，已标记为失败；已提交的部分保留。请重新导入这些文件以补齐其余记录（已导入的行会被跳过）。',
    BACKUP_FAILED:
      '定时备份失败（{{error}}）。请在“设置 → 备份”中检查备份文件夹（剩余空间、权限），并立即手动备份一次。',
    DATABASE_DAMAGED:
      '启动后在后台对数据库文件的检查发现损坏（{{problems}}）。读取损坏的页面时会报错。请不要再做任何修改，并恢复最近一份完好的备份（设置 → 备份）。',
  },
  dismiss: '在下次启动前隐藏',
};

export const integrityMessages = { en, zh };
