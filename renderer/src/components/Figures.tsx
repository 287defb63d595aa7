import { Card, CardActionArea, CardContent, Grid, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';
import type { OverviewFigure } from '../../../shared/contract/overview';
import { useFormat } from '../lib/format';
import { navigate } from '../lib/router';

/** Figure cards (Overview, Call volumes): each a count that opens the grid whose total it is. */
function FigureCard({ figure }: { figure: OverviewFigure }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const content = (
    <CardContent>
      <Typography variant="body2" color="text.secondary" sx={{ minHeight: 40 }}>
        {t(`overview.figures.${figure.key}`)}
      </Typography>
      <Typography variant="h4" data-testid="figure-value">
        {fmt.number(figure.value)}
      </Typography>
    </CardContent>
  );
  return (
    <Card variant="outlined" data-testid={`figure-${figure.key}`} data-link={figure.route ? 'yes' : 'no'}>
      {figure.route ? (
        <CardActionArea onClick={() => navigate(figure.route!, figure.params)} sx={{ height: '100%' }}>
          {content}
        </CardActionArea>
      ) : (
        content
      )}
    </Card>
  );
}

export function Figures({ figures }: { figures: OverviewFigure[] }) {
  return (
    <Grid container spacing={2} sx={{ mb: 3 }}>
      {figures.map((f) => (
        <Grid key={f.key} size={{ xs: 12, sm: 6, md: 4, lg: 2 }}>
          <FigureCard figure={f} />
        </Grid>
      ))}
    </Grid>
  );
}
