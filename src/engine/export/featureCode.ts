/**
 * The feature side of the exported module: for each distinct feature plan of the pipeline, a
 * function from the row's cells to the feature vector its model takes, computed as
 * prep/applyPlan.ts computes it (same lookups, same arithmetic; engineered features as
 * prep/engineered/engineeredValues.ts, operation for operation).
 */
import { CYCLES } from '../prep/engineered/engineeredValues';
import type { FeatureDef, FeaturePlan, PairOp, Scaling } from '../prep/featureDefs';
import type { TextTfidfDef } from '../prep/text/hashingTfidf';
import type { CellSlot } from './inputCode';
import type { FeatureSlot } from './learners/learnerCode';
import { textFeaturesCode } from './runtime/textFeatures';
import { numberArray, numberLiteral, stringArray, stringLiteral, typedArray } from './sourceText';

const HELPERS = {
  scale: `/** Imputation then standardisation: \`((missing ? fill : v) - mean) / std\`. */
function scale(v: number, fill: number, mean: number, std: number): number {
  return ((Number.isNaN(v) ? fill : v) - mean) / std;
}`,
  levels: `/** Label → index (the first occurrence wins, as in the engine). */
function levelIndex(levels: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let i = levels.length - 1; i >= 0; i--) index.set(levels[i], i);
  return index;
}

/** A label's index in a level list: -1 when missing, -2 when the model never saw it. */
function levelOf(label: string | null, levels: ReadonlyMap<string, number>): number {
  if (label === null) return -1;
  return levels.get(label) ?? -2;
}`,
  lookup: `/** A level's value in a table, with the values of missing and unseen labels. */
function lookup(
  level: number,
  table: ArrayLike<number>,
  missingValue: number,
  unseenValue: number,
): number {
  return level >= 0 ? table[level] : level === -1 ? missingValue : unseenValue;
}`,
  numberLabel: `/** A number read as a label (as the engine reads numeric columns as categories): its text. */
function numberLabel(v: number): string | null {
  return Number.isNaN(v) ? null : String(v);
}`,
  ordinal: `/** An ordinal feature: the level's index, NaN for missing and unseen labels. */
function ordinalValue(level: number): number {
  return level >= 0 ? level : NaN;
}`,
  category: `/** A native categorical feature: the level code, -1 for missing and unseen labels. */
function categoryCode(label: string | null, levels: ReadonlyMap<string, number>): number {
  const level = levelOf(label, levels);
  return level >= 0 ? level : -1;
}`,
  datePart: `const DAY_MS = 86400000;

type DatePart = 'year' | 'month' | 'day' | 'weekday' | 'hour' | 'dayOfYear' | 'elapsedDays';

/** A calendar part of an epoch-ms time (UTC), as the engine derives it. */
function datePart(ms: number, part: DatePart): number {
  if (Number.isNaN(ms)) return NaN;
  if (part === 'elapsedDays') return ms / DAY_MS;
  const d = new Date(ms);
  switch (part) {
    case 'year':
      return d.getUTCFullYear();
    case 'month':
      return d.getUTCMonth() + 1;
    case 'day':
      return d.getUTCDate();
    case 'weekday':
      return (d.getUTCDay() + 6) % 7;
    case 'hour':
      return d.getUTCHours() + d.getUTCMinutes() / 60;
    case 'dayOfYear':
      return Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
  }
}`,
  finite: `/** An engineered feature's value: missing (NaN) when not finite (a zero denominator, an overflow). */
function finite(v: number): number {
  return Number.isFinite(v) ? v : NaN;
}`,
  groupMean: `/** A column's training means per label of another column, and the mean of all training values. */
interface GroupMeans {
  readonly levels: ReadonlyMap<string, number>;
  readonly means: Float64Array;
  readonly overall: number;
}

/** The training mean of a label's group: the overall mean for missing, unseen and rare labels. */
function groupMean(label: string | null, group: GroupMeans): number {
  const level = levelOf(label, group.levels);
  return level >= 0 ? group.means[level] : group.overall;
}`,
  cyclical: `/** Per calendar part: [offset, period] of the angle \`2π (part - offset) / period\`. */
const CYCLES = {
${Object.entries(CYCLES)
  .map(([part, c]) => `  ${part}: [${c.offset}, ${c.period}],`)
  .join('\n')}
} as const;

/** sin or cos of a calendar part of an epoch-ms time as an angle (NaN stays NaN). */
function cyclical(ms: number, part: keyof typeof CYCLES, fn: 'sin' | 'cos'): number {
  const [offset, period] = CYCLES[part];
  const angle = (2 * Math.PI * (datePart(ms, part) - offset)) / period;
  return fn === 'sin' ? Math.sin(angle) : Math.cos(angle);
}`,
};

const PAIR_SYMBOL: Readonly<Record<PairOp, string>> = { difference: '-', ratio: '/', product: '*', sum: '+' };

export type FeatureHelper = keyof typeof HELPERS;

/** Shared state of the feature code of one module: level tables and helpers are written once. */
export class FeatureCodeWriter {
  private readonly declarations: string[] = [];
  private readonly helpers = new Set<FeatureHelper>();
  private readonly levelTables = new Map<string, string>();
  private groups = 0;
  private readonly plans = new Map<string, { name: string; slots: FeatureSlot[] }>();
  private tables = 0;

  constructor(private readonly cells: ReadonlyMap<string, CellSlot>) {}

  /** The function computing `plan`'s features (one per distinct plan), and what its model sees. */
  planFunction(plan: FeaturePlan): { name: string; slots: FeatureSlot[] } {
    const key = JSON.stringify(plan.features);
    const known = this.plans.get(key);
    if (known) return known;
    const name = `features${this.plans.size}`;
    const lines = this.planLines(plan.features, name);
    this.declarations.push(
      [
        `/** The ${plan.features.length} features of a ${plan.mode} plan (${plan.mode === 'dense' ? 'imputed, encoded and standardised' : 'categories as codes, missing values kept'}). */`,
        `function ${name}(cells: Cells): Float64Array {`,
        `  const { ${['numbers', 'labels'].filter((store) => lines.some((l) => l.includes(`${store}[`))).join(', ')} } = cells;`,
        `  const x = new Float64Array(${plan.features.length});`,
        ...lines.map((l) => `  ${l}`),
        '  return x;',
        '}',
      ].join('\n'),
    );
    const slots = plan.features.map((def): FeatureSlot => (def.kind === 'categorical' ? { name: def.name, kind: 'categorical', levels: def.levels.length } : { name: def.name, kind: 'numeric' }));
    const entry = { name, slots };
    this.plans.set(key, entry);
    return entry;
  }

  /** Everything written so far: helpers first, then tables and plan functions. */
  code(): string {
    const helpers = (Object.keys(HELPERS) as FeatureHelper[]).filter((h) => this.helpers.has(h)).map((h) => HELPERS[h]);
    return [...helpers, ...this.declarations].join('\n\n');
  }

  private cell(source: string): CellSlot {
    const slot = this.cells.get(source);
    if (!slot) throw new RangeError(`the plan reads column '${source}', which has no input field`);
    return slot;
  }

  private numberCell(source: string): string {
    const slot = this.cell(source);
    if (slot.store !== 'numbers') throw new RangeError(`column '${source}' is read as labels, but a feature needs numbers`);
    return `numbers[${slot.index}]`;
  }

  private labelCell(source: string): string {
    const slot = this.cell(source);
    // A numeric column seen as labels (as the engine's codesView does): its value's text.
    if (slot.store === 'labels') return `labels[${slot.index}]`;
    this.helpers.add('numberLabel');
    return `numberLabel(numbers[${slot.index}])`;
  }

  /** A level table (label → index) shared by every feature with the same levels. */
  private levelTable(levels: readonly string[]): string {
    this.helpers.add('levels');
    const key = JSON.stringify(levels);
    let name = this.levelTables.get(key);
    if (name === undefined) {
      name = `LEVELS_${this.levelTables.size}`;
      this.levelTables.set(key, name);
      this.declarations.push(`const ${name} = levelIndex(${stringArray(levels)});`);
    }
    return name;
  }

  private table(values: readonly number[]): string {
    const name = `TABLE_${this.tables++}`;
    this.declarations.push(`const ${name} = ${typedArray('Float64Array', values)};`);
    return name;
  }

  /**
   * `x[j] = expr;`, through `scale` when the feature is scaled; a call too long for one line puts
   * its arguments on lines of their own.
   */
  private assignment(j: number, expr: string, scaling: Scaling | undefined): string[] {
    if (!scaling) return [`x[${j}] = ${expr};`];
    this.helpers.add('scale');
    const constants = `${numberLiteral(scaling.fill)}, ${numberLiteral(scaling.mean)}, ${numberLiteral(scaling.std)}`;
    const flat = `x[${j}] = scale(${expr}, ${constants});`;
    return flat.length <= 96 ? [flat] : [`x[${j}] = scale(`, `  ${expr},`, `  ${constants},`, ');'];
  }

  /** A group statistic's means as one constant (label table, means, overall mean). */
  private groupTable(def: Extract<FeatureDef, { kind: 'groupStat' }>): string {
    this.helpers.add('groupMean');
    const levels = this.levelTable(def.levels);
    const means = this.table(def.means);
    const name = `GROUP_${this.groups++}`;
    this.declarations.push(`const ${name}: GroupMeans = { levels: ${levels}, means: ${means}, overall: ${numberLiteral(def.overall)} };`);
    return name;
  }

  private planLines(features: readonly FeatureDef[], prefix: string): string[] {
    const lines: string[] = [];
    const textDone = new Set<string>();
    features.forEach((def, j) => {
      if (def.kind === 'textTfidf') {
        if (textDone.has(def.source)) return;
        textDone.add(def.source);
        lines.push(...this.textLines(features, def.source, `${prefix}Text${textDone.size - 1}`));
        return;
      }
      const assignment = this.assignment(j, this.featureExpr(def), 'scaling' in def ? def.scaling : undefined);
      const comment = `// ${def.name.replace(/[\r\n]/g, ' ')}`;
      // The feature's name beside its line, or above it when the two would not fit on one.
      if (assignment.length === 1 && assignment[0].length + comment.length < 96) lines.push(`${assignment[0]} ${comment}`);
      else lines.push(comment, ...assignment);
    });
    return lines;
  }

  /** A feature's value before scaling. */
  private featureExpr(def: Exclude<FeatureDef, TextTfidfDef>): string {
    switch (def.kind) {
      case 'numeric':
        return this.numberCell(def.source);
      case 'datePart':
        this.helpers.add('datePart');
        return `datePart(${this.numberCell(def.source)}, '${def.part}')`;
      case 'categorical':
        this.helpers.add('category');
        return `categoryCode(${this.labelCell(def.source)}, ${this.levelTable(def.levels)})`;
      case 'oneHot': {
        const label = this.labelCell(def.source);
        if (def.level !== null) return `${label} === ${stringLiteral(def.level)} ? 1 : 0`;
        return `levelOf(${label}, ${this.levelTable(def.known ?? [])}) === -2 ? 1 : 0`;
      }
      case 'missingIndicator': {
        const slot = this.cell(def.source);
        return slot.store === 'labels' ? `labels[${slot.index}] === null ? 1 : 0` : `Number.isNaN(numbers[${slot.index}]) ? 1 : 0`;
      }
      case 'ordinal': {
        this.helpers.add('ordinal');
        return `ordinalValue(levelOf(${this.labelCell(def.source)}, ${this.levelTable(def.levels)}))`;
      }
      case 'frequency': {
        this.helpers.add('lookup');
        const level = `levelOf(${this.labelCell(def.source)}, ${this.levelTable(def.levels)})`;
        return `lookup(${level}, ${this.table(def.shares)}, ${numberLiteral(def.missingShare)}, 0)`;
      }
      case 'targetEncoding': {
        this.helpers.add('lookup');
        const level = `levelOf(${this.labelCell(def.source)}, ${this.levelTable(def.levels)})`;
        return `lookup(${level}, ${this.table(def.values)}, ${numberLiteral(def.missingValue)}, ${numberLiteral(def.prior)})`;
      }
      case 'pair': {
        this.helpers.add('finite');
        const symbol = PAIR_SYMBOL[def.op];
        if (symbol === undefined) throw new RangeError(`feature '${def.name}': unknown pair operation '${String(def.op)}'`);
        const [a, b] = [this.numberCell(def.sources[0]), this.numberCell(def.sources[1])];
        // The engine's order of operations (engineeredValues.ts), so the results are bit-identical.
        if (def.centres) return `finite((${a} - ${numberLiteral(def.centres[0])}) ${symbol} (${b} - ${numberLiteral(def.centres[1])}))`;
        return `finite(${a} ${symbol} ${b})`;
      }
      case 'groupStat': {
        this.helpers.add('finite');
        if (def.op !== 'ratio' && def.op !== 'difference') throw new RangeError(`feature '${def.name}': unknown group operation '${String(def.op)}'`);
        const mean = `groupMean(${this.labelCell(def.sources[1])}, ${this.groupTable(def)})`;
        return `finite(${this.numberCell(def.sources[0])} ${PAIR_SYMBOL[def.op]} ${mean})`;
      }
      case 'cyclical':
        this.helpers.add('datePart');
        this.helpers.add('cyclical');
        return `cyclical(${this.numberCell(def.source)}, '${def.part}', '${def.fn}')`;
    }
  }

  /** The TF-IDF features of one text column, computed together (their norm spans all buckets). */
  private textLines(features: readonly FeatureDef[], source: string, name: string): string[] {
    const positions: number[] = [];
    const defs: TextTfidfDef[] = [];
    features.forEach((d, j) => {
      if (d.kind === 'textTfidf' && d.source === source) {
        positions.push(j);
        defs.push(d);
      }
    });
    const text = textFeaturesCode(defs, name);
    this.declarations.push(text.code);
    const call = `${text.name}(${this.labelCell(source)})`;
    const contiguous = positions.every((p, i) => p === positions[0] + i);
    if (contiguous) return [`x.set(${call}, ${positions[0]}); // ${source}: ${defs.length} TF-IDF buckets`];
    return [`const ${name}Values = ${call};`, `${numberArray(positions)}.forEach((j, i) => { x[j] = ${name}Values[i]; });`];
  }
}
