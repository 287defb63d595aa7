import { DesktopDatePicker } from '@mui/x-date-pickers/DesktopDatePicker';
import { DesktopDateTimePicker } from '@mui/x-date-pickers/DesktopDateTimePicker';
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider';
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs';
import { enUS, zhCN } from '@mui/x-date-pickers/locales';
import type { SxProps, Theme } from '@mui/material';
import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { clockFor } from '../../../shared/domain/business-time';
import { useBusinessTimeZone } from '../lib/format';

dayjs.extend(utc);

/**
 * The console's one date and date-time input: 24-hour, "2026-11-22 09:30" in both languages.
 *
 * Values are wall-clock text in the business time zone, exactly what `datetime-local` gave
 * ("2026-11-22" or "2026-11-22T09:30[:ss]"), so callers keep converting with ZoneClock
 * (localInputToIso). The picker holds them as UTC dayjs values, which carry the wall-clock fields
 * without any zone arithmetic, and "today" / "now" in the calendar is the business zone's wall
 * clock: the machine's zone is never involved.
 */
export interface WallClockFieldProps {
  kind: 'date' | 'datetime';
  value: string;
  onChange: (value: string) => void;
  label: string;
  testId?: string;
  seconds?: boolean;
  size?: 'small' | 'medium';
  required?: boolean;
  disabled?: boolean;
  error?: boolean;
  helperText?: string;
  fullWidth?: boolean;
  sx?: SxProps<Theme>;
}

const adapters = new Map<string, typeof AdapterDayjs>();
/** AdapterDayjs whose "now" is the zone's wall clock (the picker asks it for today's date). */
function adapterFor(zone: string): typeof AdapterDayjs {
  let A = adapters.get(zone);
  if (!A) {
    A = class ZoneAdapter extends AdapterDayjs {
      constructor(options?: ConstructorParameters<typeof AdapterDayjs>[0]) {
        super(options);
        const base = this.date;
        const now = (value?: string | null, timezone?: string) =>
          value === undefined
            ? dayjs.utc(clockFor(zone).wallText(Date.now()).replace(' ', 'T')).locale(this.locale ?? 'en')
            : base(value, timezone);
        this.date = now as unknown as typeof base;
      }
    };
    adapters.set(zone, A);
  }
  return A;
}

const formatOf = (kind: WallClockFieldProps['kind'], seconds?: boolean) =>
  kind === 'date' ? 'YYYY-MM-DD' : seconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm';

function toDayjs(value: string): Dayjs | null {
  if (!value) return null;
  const d = dayjs.utc(value.length === 10 ? `${value}T00:00:00` : value);
  return d.isValid() ? d : null;
}

function fromDayjs(d: Dayjs | null, kind: WallClockFieldProps['kind'], seconds?: boolean): string {
  if (!d || !d.isValid()) return '';
  return d.format(kind === 'date' ? 'YYYY-MM-DD' : seconds ? 'YYYY-MM-DDTHH:mm:ss' : 'YYYY-MM-DDTHH:mm');
}

export function WallClockField(props: WallClockFieldProps) {
  const { i18n } = useTranslation();
  const zone = useBusinessTimeZone();
  const zh = i18n.language.startsWith('zh');
  const adapter = useMemo(() => adapterFor(zone), [zone]);
  const localeText = (zh ? zhCN : enUS).components.MuiLocalizationProvider.defaultProps.localeText;
  const value = useMemo(() => toDayjs(props.value), [props.value]);
  const common = {
    label: props.label,
    value,
    timezone: 'UTC',
    format: formatOf(props.kind, props.seconds),
    disabled: props.disabled,
    enableAccessibleFieldDOMStructure: false as const,
    onChange: (d: Dayjs | null) => {
      // A half-typed value ("2026-MM-DD") is invalid: keep the last whole value until it is complete.
      if (d === null || d.isValid()) props.onChange(fromDayjs(d, props.kind, props.seconds));
    },
    slotProps: {
      textField: {
        size: props.size,
        required: props.required,
        error: props.error,
        helperText: props.helperText,
        fullWidth: props.fullWidth,
        sx: props.sx ?? { width: props.kind === 'date' ? 170 : props.seconds ? 230 : 200, flexShrink: 0 },
        inputProps: { 'data-testid': props.testId, 'data-value': props.value },
      },
      field: { clearable: !props.required },
      openPickerButton: { 'data-testid': props.testId ? `${props.testId}-open` : undefined } as object,
    },
  };
  return (
    <LocalizationProvider dateAdapter={adapter} adapterLocale={zh ? 'zh-cn' : 'en'} localeText={localeText}>
      {props.kind === 'date' ? (
        <DesktopDatePicker {...common} />
      ) : (
        <DesktopDateTimePicker
          timeSteps={{ minutes: 1, seconds: 1 }}
          {...common}
          ampm={false}
          views={
            props.seconds
              ? ['year', 'month', 'day', 'hours', 'minutes', 'seconds']
              : ['year', 'month', 'day', 'hours', 'minutes']
          }
        />
      )}
    </LocalizationProvider>
  );
}
