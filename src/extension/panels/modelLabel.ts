import type { LeaderboardShowMessage, ModelKey } from '../../protocol/webview';

/** How a model of a board reads in titles and the side view: "final: gbdt 0.6 + knn 0.4", "gbdt (trial 12)". */
export function modelLabel(board: Pick<LeaderboardShowMessage, 'trials' | 'final'>, model: ModelKey): string {
  if (model === 'final') return board.final === undefined ? 'final model' : `final: ${board.final.description}`;
  const trial = board.trials.find((t) => t.id === model);
  return trial === undefined ? `trial ${model}` : `${trial.learner} (trial ${model})`;
}
