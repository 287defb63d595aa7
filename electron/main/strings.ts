/**
 * The few words main itself shows (menus, dialogs, notifications), in both languages. The
 * renderer has its own catalog; main picks by the OS language, as the renderer's default does.
 */
const en = {
  file: 'File',
  edit: 'Edit',
  view: 'View',
  window: 'Window',
  help: 'Help',
  search: 'Search…',
  print: 'Print…',
  savePdf: 'Save as PDF…',
  lock: 'Lock the console',
  about: 'About Wallet Ops Console',
  openLogs: 'Open logs folder',
  startFailedTitle: 'Wallet Ops Console could not start',
  startFailed: 'The console could not start and will close. Nothing was changed. Details are in the log:',
  rendererGoneTitle: 'The console window stopped',
  rendererGone:
    'The window stopped unexpectedly. Reload it to go on; anything not yet saved is lost. Details are in the log:',
  processGone:
    'A helper process stopped unexpectedly; the console goes on. If something looks wrong, restart it. Details are in the log:',
  errorTitle: 'Something went wrong',
  error:
    'An unexpected error happened in the console. If it happens again, restart the console and send the log to support:',
  reload: 'Reload',
  quit: 'Quit',
  ok: 'OK',
  approvalTitle: 'Waiting for your approval',
  approvalRefunds: (n: number) => `${n} refund request(s) await your second approval.`,
  approvalCases: (n: number) => `${n} freeze case decision(s) await your second approval.`,
  approvalFees: (n: number) => `${n} fee version(s) are submitted for approval.`,
};

export type Strings = typeof en;

const zh: Strings = {
  file: '文件',
  edit: '编辑',
  view: '视图',
  window: '窗口',
  help: '帮助',
  search: '搜索…',
  print: '打印…',
  savePdf: '另存为 PDF…',
  lock: '锁定控制台',
  about: '关于钱包运营后台',
  openLogs: '打开日志文件夹',
  startFailedTitle: '钱包运营后台无法启动',
  startFailed: '控制台无法启动，即将关闭。没有任何数据被改动。详情见日志：',
  rendererGoneTitle: '控制台窗口已停止',
  rendererGone: '窗口意外停止。重新加载即可继续；尚未保存的内容已丢失。详情见日志：',
  processGone: '一个辅助进程意外停止，控制台仍可继续使用。如有异常，请重新启动。详情见日志：',
  errorTitle: '出现错误',
  error: '控制台发生意外错误。如果再次出现，请重新启动控制台，并把日志发给技术支持：',
  reload: '重新加载',
  quit: '退出',
  ok: '确定',
  approvalTitle: '等待您的审批',
  approvalRefunds: (n: number) => `${n} 笔退款申请等待您的第二次审批。`,
  approvalCases: (n: number) => `${n} 个冻结案件决定等待您的第二次审批。`,
  approvalFees: (n: number) => `${n} 个手续费方案版本已提交，等待审批。`,
};

export function stringsFor(locale: string): Strings {
  return locale.toLowerCase().startsWith('zh') ? zh : en;
}
