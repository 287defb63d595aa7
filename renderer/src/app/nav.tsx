import AccountBalanceWalletIcon from '@mui/icons-material/AccountBalanceWallet';
import AcUnitIcon from '@mui/icons-material/AcUnit';
import DashboardIcon from '@mui/icons-material/Dashboard';
import HistoryEduIcon from '@mui/icons-material/HistoryEdu';
import PeopleIcon from '@mui/icons-material/People';
import PercentIcon from '@mui/icons-material/Percent';
import PhoneInTalkIcon from '@mui/icons-material/PhoneInTalk';
import SettingsIcon from '@mui/icons-material/Settings';
import SupportAgentIcon from '@mui/icons-material/SupportAgent';
import type { ReactElement } from 'react';
import type { Permission } from '../../../shared/domain/roles';
import type { Messages } from '../i18n/en-US';

export interface NavItem {
  path: string;
  label: keyof Messages['nav'];
  icon: ReactElement;
  /** Hidden from operators without it; main refuses the channels anyway. */
  permission: Permission;
}

export const NAV: NavItem[] = [
  { path: '/', label: 'overview', icon: <DashboardIcon />, permission: 'app.use' },
  { path: '/frozen', label: 'frozen', icon: <AcUnitIcon />, permission: 'app.use' },
  { path: '/refunds', label: 'refunds', icon: <AccountBalanceWalletIcon />, permission: 'app.use' },
  { path: '/cases', label: 'cases', icon: <SupportAgentIcon />, permission: 'cases.read' },
  { path: '/fees', label: 'fees', icon: <PercentIcon />, permission: 'app.use' },
  { path: '/calls', label: 'calls', icon: <PhoneInTalkIcon />, permission: 'calls.read' },
  { path: '/customers', label: 'customers', icon: <PeopleIcon />, permission: 'customers.read' },
  { path: '/audit', label: 'audit', icon: <HistoryEduIcon />, permission: 'audit.read' },
  { path: '/settings', label: 'settings', icon: <SettingsIcon />, permission: 'settings.manage' },
];
