import { useTranslation } from 'react-i18next';
import type { ServiceCaseDetail } from '../../../../shared/contract/cases';
import { ApiError } from '../../lib/api';
import { useToast } from '../../components/Toasts';

/**
 * Runs one step of a case from its drawer section: closes the dialog, hands the case as it is
 * now to the drawer, and says what happened (or the translated refusal).
 */
export function useCaseStep(onChange: (next: ServiceCaseDetail) => void, closeDialog: () => void) {
  const { t } = useTranslation();
  const toast = useToast();
  return async (work: () => Promise<ServiceCaseDetail>, done: (next: ServiceCaseDetail) => string) => {
    closeDialog();
    try {
      const next = await work();
      onChange(next);
      toast(done(next), 'success');
    } catch (err) {
      toast(err instanceof ApiError ? t(`errors.${err.code}`) : String(err), 'error');
    }
  };
}
