/** Strings of the generic workspace components (SavedViews, NotesThread), for any feature. */
const commonEn = {
  views: {
    label: 'Saved views',
    none: 'No saved view',
    save: 'Save view',
    name: 'View name',
    saved: 'View "{{name}}" saved.',
    delete: 'Delete view',
    deleted: 'View deleted.',
  },
  notes: {
    title: 'Notes',
    add: 'Add note',
    placeholder: 'Write a note…',
    empty: 'No notes yet.',
    required: 'A note cannot be empty.',
    tooLong: 'Too long. Character limit: {{max}}; this note: {{length}}.',
  },
};
const commonZh: typeof commonEn = {
  views: {
    label: '已保存视图',
    none: '未选择视图',
    save: '保存视图',
    name: '视图名称',
    saved: '视图“{{name}}”已保存。',
    delete: '删除视图',
    deleted: '视图已删除。',
  },
  notes: {
    title: '备注',
    add: '添加备注',
    placeholder: '输入备注…',
    empty: '暂无备注。',
    required: '备注不能为空。',
    tooLong: '备注过长。字符上限：{{max}}；当前：{{length}}。',
  },
};
export const workspaceMessages = { en: commonEn, zh: commonZh };
