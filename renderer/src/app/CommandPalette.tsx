import KeyboardCommandKeyIcon from '@mui/icons-material/KeyboardCommandKey';
import {
  Box,
  Dialog,
  IconButton,
  InputAdornment,
  List,
  ListItemButton,
  ListItemText,
  ListSubheader,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../shared/contract/customer360';
import type { SessionInfo } from '../../../shared/contract/session';
import { LogContactDialog } from '../features/calls/LogContactDialog';
import { LANGUAGES, setLanguage } from '../lib/i18n';
import { navigate } from '../lib/router';
import { openHit, useDescribeHit, useSearchHits } from '../features/customers/search-hits';
import { NAV } from './nav';
import { useThemePreference, type ThemePreference } from './theme';

type Group = 'go' | 'actions' | 'search';
interface Item {
  id: string;
  group: Group;
  label: string;
  detail?: string;
  /** Also matched, so "refunds" finds 退款 whichever language is on. */
  keywords: string;
  run: () => void;
}
/** What a customer picked in the second step opens on the customer page. */
type CustomerAction = 'complaint' | 'fraud';

const THEMES: ThemePreference[] = ['light', 'dark', 'system'];
const THEME_LABEL = { light: 'shell.themeLight', dark: 'shell.themeDark', system: 'shell.themeSystem' } as const;
const LANGUAGE_NAMES = { 'zh-CN': '中文', 'en-US': 'English' } as const;

/**
 * Ctrl/Cmd+K: the console's commands (pages, new work, language, theme, sign out) filtered as you
 * type, and below them the app bar's customer/record search for the same text. Only commands the
 * role may use are listed; main refuses the channels anyway. Keyboard: ↑/↓, Enter, Esc.
 */
export function CommandPalette(props: { session: SessionInfo; onSignOut: () => void; onLock: () => void }) {
  const { t, i18n } = useTranslation();
  const theme = useThemePreference();
  const describe = useDescribeHit();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [step, setStep] = useState<CustomerAction | null>(null);
  const [active, setActive] = useState(0);
  const [logging, setLogging] = useState(false);
  const list = useRef<HTMLUListElement>(null);
  const may = (p: string) => props.session.permissions.includes(p as never);
  const { debounced, results, hits } = useSearchHits(text, may('customers.read'));

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (open) return;
    setText('');
    setStep(null);
  }, [open]);
  useEffect(() => setActive(0), [text, step, hits]);

  const items = useMemo<Item[]>(() => {
    const other = i18n.getFixedT(LANGUAGES.find((l) => l !== i18n.language) ?? 'en-US');
    const both = (key: string, opts?: Record<string, string>) => `${t(key, opts)} ${other(key, opts)}`;
    const close = () => setOpen(false);
    const commands: Item[] = [
      ...NAV.filter((n) => may(n.permission)).map<Item>((n) => ({
        id: `go-${n.label}`,
        group: 'go',
        label: t('palette.goTo', { page: t(`nav.${n.label}`) }),
        keywords: `${both(`nav.${n.label}`)} ${n.path}`,
        run: () => {
          close();
          navigate(n.path);
        },
      })),
    ];
    if (may('cases.work') && may('customers.read')) {
      for (const action of ['complaint', 'fraud'] as const) {
        const key = action === 'complaint' ? 'palette.newComplaint' : 'palette.reportFraud';
        commands.push({
          id: `new-${action}`,
          group: 'actions',
          label: t(key),
          keywords: both(key),
          run: () => {
            setStep(action);
            setText('');
          },
        });
      }
    }
    if (may('contacts.log'))
      commands.push({
        id: 'log-contact',
        group: 'actions',
        label: t('palette.logContact'),
        keywords: both('palette.logContact'),
        run: () => {
          close();
          setLogging(true);
        },
      });
    for (const lang of LANGUAGES.filter((l) => l !== i18n.language))
      commands.push({
        id: `language-${lang}`,
        group: 'actions',
        label: t('palette.language', { language: LANGUAGE_NAMES[lang] }),
        keywords: `${both('shell.language')} ${LANGUAGE_NAMES[lang]} language 语言`,
        run: () => {
          close();
          setLanguage(lang);
        },
      });
    for (const pref of THEMES.filter((p) => p !== theme.preference))
      commands.push({
        id: `theme-${pref}`,
        group: 'actions',
        label: t('palette.theme', { theme: t(THEME_LABEL[pref]) }),
        keywords: `${both('shell.theme')} ${both(THEME_LABEL[pref])}`,
        run: () => {
          close();
          theme.setPreference(pref);
        },
      });
    commands.push(
      {
        id: 'lock',
        group: 'actions',
        label: t('palette.lock'),
        keywords: both('palette.lock'),
        run: () => {
          close();
          props.onLock();
        },
      },
      {
        id: 'sign-out',
        group: 'actions',
        label: t('palette.signOut'),
        keywords: both('palette.signOut'),
        run: () => {
          close();
          props.onSignOut();
        },
      },
    );
    const hitItem = (h: SearchHit): Item => ({
      id: `hit-${h.kind}-${h.recordId}`,
      group: 'search',
      label: h.title,
      detail: `${t(`customer.search.kinds.${h.kind}`)} · ${describe(h)}`,
      keywords: '',
      run: () => {
        close();
        if (step) navigate('/customers', { id: h.customerId, action: step });
        else openHit(h);
      },
    });
    if (step) return hits.filter((h) => h.kind === 'customer').map(hitItem);
    const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
    // Best first: the label starts with the text, then a label word does, then it is inside the
    // label, then only in the keywords ("log" puts "Log a contact…" above "Go to Audit log").
    const rank = (c: Item) => {
      const label = c.label.toLowerCase();
      if (!words.every((w) => `${label} ${c.keywords.toLowerCase()}`.includes(w))) return -1;
      if (!words.length || label.startsWith(words[0])) return 0;
      if (words.every((w) => new RegExp(`(^|[\\s(])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(label))) return 1;
      return words.every((w) => label.includes(w)) ? 2 : 3;
    };
    const ranked = commands.map((c) => ({ c, r: rank(c) })).filter((m) => m.r >= 0);
    // Groups stay together (one header each), the group holding the best match first.
    const best = (g: Group) => Math.min(...ranked.filter((m) => m.c.group === g).map((m) => m.r));
    const matches = ranked
      .sort(
        (a, b) =>
          best(a.c.group) - best(b.c.group) || (a.c.group === 'go' ? 0 : 1) - (b.c.group === 'go' ? 0 : 1) || a.r - b.r,
      )
      .map((m) => m.c);
    return [...matches, ...hits.map(hitItem)];
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `may` reads the session, listed
  }, [t, i18n, text, step, hits, theme, props.session, describe]);

  const move = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = items.length ? (active + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length : 0;
      setActive(next);
      list.current?.querySelector(`[data-index="${next}"]`)?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      items[active]?.run();
    } else if (e.key === 'Backspace' && step && text === '') {
      setStep(null);
    }
  };

  const searching = !!text.trim() && (text.trim() !== debounced || results.isFetching);
  let lastGroup: Group | null = null;
  return (
    <>
      <Tooltip title={`${t('palette.title')} (Ctrl/⌘ K)`}>
        <IconButton
          color="inherit"
          onClick={() => setOpen(true)}
          aria-label={t('palette.title')}
          data-testid="palette-button"
        >
          <KeyboardCommandKeyIcon fontSize="small" />
        </IconButton>
      </Tooltip>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        fullWidth
        maxWidth="sm"
        sx={{ '& .MuiDialog-container': { alignItems: 'flex-start' } }}
        slotProps={{ paper: { sx: { mt: 10 }, 'aria-label': t('palette.title') } as object }}
        data-testid="palette"
      >
        <TextField
          autoFocus
          fullWidth
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={move}
          placeholder={step ? t('palette.pickCustomer') : t('palette.placeholder')}
          slotProps={{
            input: {
              startAdornment: step ? (
                <InputAdornment position="start">
                  {t(step === 'complaint' ? 'palette.newComplaint' : 'palette.reportFraud')}
                </InputAdornment>
              ) : undefined,
            },
            htmlInput: {
              'data-testid': 'palette-input',
              role: 'combobox',
              'aria-expanded': true,
              'aria-controls': 'palette-list',
              'aria-activedescendant': items[active] ? `palette-${items[active].id}` : undefined,
            },
          }}
          sx={{ '& fieldset': { border: 0 }, borderBottom: 1, borderColor: 'divider' }}
        />
        <List
          ref={list}
          id="palette-list"
          role="listbox"
          dense
          sx={{ maxHeight: 420, overflowY: 'auto', py: 0 }}
          data-testid="palette-list"
        >
          {items.map((item, i) => {
            const header =
              item.group !== lastGroup ? (
                <ListSubheader key={`h-${item.group}`} disableSticky sx={{ lineHeight: '32px' }}>
                  {t(`palette.groups.${item.group}`)}
                </ListSubheader>
              ) : null;
            lastGroup = item.group;
            return [
              header,
              <ListItemButton
                key={item.id}
                id={`palette-${item.id}`}
                role="option"
                aria-selected={i === active}
                selected={i === active}
                data-index={i}
                data-testid="palette-item"
                data-command={item.id}
                onMouseMove={() => setActive(i)}
                onClick={() => item.run()}
              >
                <ListItemText primary={item.label} secondary={item.detail} />
              </ListItemButton>,
            ];
          })}
        </List>
        <Box sx={{ px: 2, py: 1, borderTop: 1, borderColor: 'divider' }}>
          <Typography variant="caption" color="text.secondary" data-testid="palette-status">
            {items.length ? t('palette.hint') : searching ? t('palette.searching') : t('palette.none')}
          </Typography>
        </Box>
      </Dialog>
      <LogContactDialog open={logging} onClose={() => setLogging(false)} />
    </>
  );
}
