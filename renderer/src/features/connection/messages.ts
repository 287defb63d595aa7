/** The team database's reachability banner, both languages. */
const en = {
  down: 'The team database cannot be reached. Nothing you do now is saved; your work on screen is kept.',
  retrying: 'Trying again in {{seconds}} s…',
  checking: 'Checking…',
  retryNow: 'Retry now',
  back: 'The team database is reachable again. The screen was refreshed.',
};

const zh: typeof en = {
  down: '无法连接团队数据库。此刻的操作不会被保存；屏幕上的内容会保留。',
  retrying: '{{seconds}} 秒后重试…',
  checking: '正在检查…',
  retryNow: '立即重试',
  back: '团队数据库已恢复连接，页面已刷新。',
};

export const connectionMessages = { en, zh };
