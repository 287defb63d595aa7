import type { BACKUP_ERROR_CODES } from '../../../../shared/contract/backups';

type BackupErrors = Record<(typeof BACKUP_ERROR_CODES)[number], string>;

/** Backups' and restores' error messages; the core catalogs spread these into `errors`. */
export const backupErrorMessages: { en: BackupErrors; zh: BackupErrors } = {
  en: {
    BACKUP_FAILED:
      'The backup could not be written or did not verify. Check the folder (free space, permissions) and try again.',
    BACKUP_BUSY: 'A backup, a restore or a contact import is running. Wait for it to finish, then try again.',
    BACKUP_FOLDER_UNUSABLE:
      'That folder cannot be used for backups: give a full path to a folder this user can create and write.',
    BACKUP_NOT_VERIFIED:
      'This backup does not verify (damaged or altered since it was written). Choose another backup; nothing was changed.',
    RESTORE_FOUR_EYES: 'You asked for this restore, so you cannot approve it. A second administrator must approve.',
    RESTORE_ALREADY_PENDING: 'A restore request is already waiting for approval. Approve or cancel it first.',
    RESTORE_FAILED:
      'The restore was stopped and the database is exactly as it was before. Nothing was lost; see the audit log for the reason.',
    RECOVERY_CREDENTIALS:
      'Not an active administrator of this backup. Sign in with an administrator’s username and password as they were when the backup was made.',
    BACKUP_PICK_UNSUPPORTED: 'The folder dialog is only in the desktop app. Type the folder’s full path instead.',
  },
  zh: {
    BACKUP_FAILED: '备份未能写入或未通过校验。请检查备份文件夹（剩余空间、权限）后重试。',
    BACKUP_BUSY: '正在进行备份、恢复或联络记录导入。请等待其完成后再试。',
    BACKUP_FOLDER_UNUSABLE: '该文件夹无法用于备份：请填写当前用户可以创建并写入的文件夹的完整路径。',
    BACKUP_NOT_VERIFIED: '此备份未通过校验（写入后已损坏或被改动）。请选择其他备份；未作任何改动。',
    RESTORE_FOUR_EYES: '此恢复由您申请，您不能自行批准，需由另一位管理员批准。',
    RESTORE_ALREADY_PENDING: '已有一个恢复申请在等待批准。请先批准或撤销该申请。',
    RESTORE_FAILED: '恢复已中止，数据库与恢复前完全一致，没有丢失任何数据；原因见审计日志。',
    RECOVERY_CREDENTIALS: '不是此备份中的有效管理员。请使用备份时该管理员的用户名和密码登录。',
    BACKUP_PICK_UNSUPPORTED: '文件夹对话框仅在桌面版中可用。请直接输入文件夹的完整路径。',
  },
};
