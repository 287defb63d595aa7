import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  Stack,
  Step,
  StepLabel,
  Stepper,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_UPLOAD_CHUNK, type ImportMapping, type ImportPreview } from '../../../../shared/contract/contact-imports';
import { ApiError, call, hostKind } from '../../lib/api';
import { useToast } from '../../components/Toasts';
import { decoderFor, detectEncoding, type TextEncodingName } from '../../../../shared/domain/text-encoding';
import { ImportProgressPanel } from './ImportProgressPanel';
import { MappingTable } from './MappingTable';

const SOURCE_KEY = 'wallet-ops-import-source';

/**
 * Browser mode: the file's text goes to main in bounded chunks; main keeps it and returns an id.
 * The encoding is detected from the first bytes (a GBK file from Chinese Excel is not UTF-8) and
 * the text is sent decoded, with the encoding named so the preview can say which was used.
 */
async function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<string> {
  const reader = file.stream().getReader();
  let decoder: TextDecoder | null = null;
  let encoding: TextEncodingName = 'utf-8';
  let uploadId: string | null = null;
  let buffered = '';
  let read = 0;
  const send = async (chunk: string) => {
    const first = uploadId === null;
    ({ uploadId } = await call('contacts:importUpload', {
      uploadId,
      fileName: file.name.slice(0, 200),
      chunk,
      ...(first ? { encoding } : {}),
    }));
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (value) {
      if (!decoder) {
        encoding = detectEncoding(value, value.byteLength >= file.size);
        decoder = decoderFor(encoding);
      }
      read += value.byteLength;
      buffered += decoder.decode(value, { stream: true });
    }
    if (done && decoder) buffered += decoder.decode();
    while (buffered.length >= MAX_UPLOAD_CHUNK || (done && buffered.length > 0)) {
      await send(buffered.slice(0, MAX_UPLOAD_CHUNK));
      buffered = buffered.slice(MAX_UPLOAD_CHUNK);
    }
    onProgress(file.size ? read / file.size : 1);
    if (done) break;
  }
  if (uploadId === null) await send('');
  return uploadId!;
}

/** Choose a file, map its columns with a preview, then import off the main thread with progress. */
export function ImportDialog({
  open,
  onClose,
  timeZone,
  file,
}: {
  open: boolean;
  onClose: () => void;
  timeZone: string;
  /** A file dropped on the page: uploaded as soon as the dialog opens, as if chosen. */
  file?: File | null;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const fileInput = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState<number | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [source, setSource] = useState(() => localStorage.getItem(SOURCE_KEY) ?? 'Call-centre CDR export');
  const [zone, setZone] = useState(timeZone);
  const [importId, setImportId] = useState<number | null>(null);

  useEffect(() => {
    if (open) {
      setPreview(null);
      setMapping(null);
      setImportId(null);
      setUploading(null);
    }
  }, [open]);

  const fail = (err: unknown) => toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
  const loadPreview = async (uploadId: string, sourceName: string) => {
    const p = await call('contacts:importPreview', { uploadId, sourceName: sourceName.trim() || undefined });
    setPreview(p);
    setMapping(p.mapping);
    setZone(p.timeZone ?? timeZone);
  };
  const choose = async () => {
    if (hostKind() !== 'electron') return fileInput.current?.click();
    try {
      const picked = await call('contacts:importPick', {});
      if (picked) await loadPreview(picked.uploadId, source);
    } catch (err) {
      fail(err);
    }
  };
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      setUploading(0);
      const uploadId = await uploadFile(file, setUploading);
      await loadPreview(uploadId, source);
    } catch (err) {
      fail(err);
    } finally {
      setUploading(null);
      if (fileInput.current) fileInput.current.value = '';
    }
  };
  const start = async () => {
    if (!preview || !mapping) return;
    try {
      localStorage.setItem(SOURCE_KEY, source.trim());
      const started = await call('contacts:importStart', {
        uploadId: preview.uploadId,
        sourceName: source.trim(),
        mapping,
        timeZone: zone.trim(),
      });
      setImportId(started.id);
    } catch (err) {
      fail(err);
    }
  };

  useEffect(() => {
    if (open && file) void onFile(file);
    // onFile is rebuilt each render; the dropped file is what starts this.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, file]);

  const step = importId !== null ? 2 : preview ? 1 : 0;
  return (
    <Dialog open={open} onClose={importId === null ? onClose : undefined} maxWidth="lg" fullWidth>
      <DialogTitle>{t('calls.import.title')}</DialogTitle>
      <DialogContent data-testid="import-dialog">
        <Stepper activeStep={step} sx={{ mb: 2 }}>
          {(['step1', 'step2', 'step3'] as const).map((s) => (
            <Step key={s}>
              <StepLabel>{t(`calls.import.${s}`)}</StepLabel>
            </Step>
          ))}
        </Stepper>
        {step === 0 ? (
          <Stack spacing={2} alignItems="flex-start">
            <TextField
              label={t('calls.import.source')}
              value={source}
              onChange={(e) => setSource(e.target.value.slice(0, 200))}
              helperText={t('calls.import.sourceHint')}
              sx={{ width: 480 }}
              slotProps={{ htmlInput: { 'data-testid': 'import-source' } }}
            />
            <Button variant="contained" onClick={choose} disabled={uploading !== null} data-testid="import-choose">
              {t('calls.import.choose')}
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept=".csv,text/csv,.txt"
              hidden
              data-testid="import-file"
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
            {uploading !== null ? (
              <Stack sx={{ width: 480 }} spacing={0.5}>
                <LinearProgress variant="determinate" value={uploading * 100} />
                <Typography variant="caption">
                  {t('calls.import.uploading', { percent: Math.round(uploading * 100) })}
                </Typography>
              </Stack>
            ) : null}
            <Typography variant="caption" color="text.secondary">
              {t('calls.import.samplesHint')}
            </Typography>
          </Stack>
        ) : null}
        {step === 1 && preview && mapping ? (
          <Stack spacing={2}>
            <Alert severity="info" data-testid="import-mapping-note">
              {preview.rememberedFrom
                ? t('calls.import.remembered', { source: preview.rememberedFrom })
                : t('calls.import.guessed')}{' '}
              <span data-testid="import-encoding">
                {t('calls.import.encoding', { encoding: t(`calls.import.encodingNames.${preview.encoding}`) })}
              </span>
            </Alert>
            <Stack direction="row" spacing={2}>
              <TextField
                size="small"
                label={t('calls.import.source')}
                value={source}
                onChange={(e) => setSource(e.target.value.slice(0, 200))}
                onBlur={() => void loadPreview(preview.uploadId, source).catch(fail)}
                sx={{ width: 320 }}
              />
              <TextField
                size="small"
                label={t('calls.import.timeZone')}
                value={zone}
                onChange={(e) => setZone(e.target.value.slice(0, 64))}
                sx={{ width: 320 }}
                slotProps={{ htmlInput: { 'data-testid': 'import-zone' } }}
              />
            </Stack>
            <MappingTable preview={preview} mapping={mapping} onChange={setMapping} />
          </Stack>
        ) : null}
        {step === 2 && importId !== null ? <ImportProgressPanel id={importId} /> : null}
      </DialogContent>
      <DialogActions>
        {step === 1 ? (
          <Button variant="contained" onClick={start} data-testid="import-start">
            {t('calls.import.start')}
          </Button>
        ) : null}
        <Button onClick={onClose} data-testid="import-close">
          {t('calls.import.close')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
