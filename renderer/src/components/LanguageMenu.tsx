import TranslateIcon from '@mui/icons-material/Translate';
import { Button, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../lib/i18n';

const NAMES = { 'zh-CN': '中文', 'en-US': 'English' } as const;

export function LanguageMenu({ color = 'inherit' }: { color?: 'inherit' | 'primary' }) {
  const { t, i18n } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        color={color}
        startIcon={<TranslateIcon />}
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-label={t('shell.language')}
        data-testid="language-button"
      >
        {NAMES[i18n.language as keyof typeof NAMES] ?? i18n.language}
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {LANGUAGES.map((lang) => (
          <MenuItem
            key={lang}
            selected={lang === i18n.language}
            data-testid={`language-${lang}`}
            onClick={() => {
              setLanguage(lang);
              setAnchor(null);
            }}
          >
            {NAMES[lang]}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
