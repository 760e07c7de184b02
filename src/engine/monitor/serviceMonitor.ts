/**
 * The settings of a prediction service's built-in monitor and prediction log: the `monitor:`
 * section of a `.automl` spec and the `monitor` object of the service's `service.config.json`
 * (same names, same meaning). The spec schema documents and checks them; `automl
 * scaffold-service` turns a run's section into the service's config with `serviceMonitorConfig`.
 *
 * The defaults are the engine's own alert grades (columnCheck.ts), so a service alerts where
 * `automl monitor` grades 'alert'.
 */
import { NEW_VALUES_ALERT, NULL_ALERT, PSI_ALERT } from './columnCheck';

/** When a check's value is bad enough to count toward an alert. */
export interface ServiceMonitorThresholds {
  /** A column's population stability index over the reference's buckets: bad at or above this. */
  readonly psi: number;
  /** The PSI of the predictions (score buckets or class shares): bad at or above this. */
  readonly predictionPsi: number;
  /** The null rate's rise over the reference's (absolute, 0–1): bad above this. */
  readonly nullRateRise: number;
  /** Share of a numeric column's values outside the reference's [min, max]: bad above this. */
  readonly outOfRange: number;
  /** Share of a categorical column's labels training never saw: bad above this. */
  readonly unseen: number;
}

/**
 * The section as written: every key optional. `intervalSeconds` and `cooldownSeconds` stand in
 * for the minute settings (one or the other), for tests and fast loops.
 */
export interface ServiceMonitorSpec {
  /** Run the built-in monitor (it needs the service's reference.json). */
  readonly enabled?: boolean;
  readonly intervalMinutes?: number;
  readonly intervalSeconds?: number;
  /** The latest this many logged rows make a window (at least MIN_SERVICE_WINDOW_ROWS). */
  readonly windowRows?: number;
  /** After an alert, its rule stays silent this long. */
  readonly cooldownMinutes?: number;
  readonly cooldownSeconds?: number;
  /**
   * Where alerts are POSTed. A Slack-style URL holds its token, so a spec's literal URL is never
   * saved in a run folder nor copied into a service: prefer `webhookUrlEnv`.
   */
  readonly webhookUrl?: string;
  /** The environment variable that holds the webhook URL, read when the service starts. */
  readonly webhookUrlEnv?: string;
  readonly thresholds?: Partial<ServiceMonitorThresholds>;
  /** The prediction log's folder, relative to the service folder (or absolute). */
  readonly logDir?: string;
  /** Share of requests whose rows are logged (and monitored), 0–1. */
  readonly sampleRate?: number;
}

/** A check fires its alert only after this many bad windows in a row (one bad window is noise). */
export const ALERT_AFTER_WINDOWS = 2;

/** Fewer logged rows than this make a window 'insufficient': checked, never alerting (the engine's MIN_WINDOW_ROWS). */
export const MIN_SERVICE_WINDOW_ROWS = 100;

/** The settings a service gets for whatever its config leaves out. */
export const SERVICE_MONITOR_DEFAULTS = {
  enabled: true,
  intervalMinutes: 5,
  windowRows: 1000,
  cooldownMinutes: 60,
  webhookUrlEnv: 'AUTOML_ALERT_WEBHOOK_URL',
  thresholds: { psi: PSI_ALERT, predictionPsi: PSI_ALERT, nullRateRise: NULL_ALERT, outOfRange: NEW_VALUES_ALERT, unseen: NEW_VALUES_ALERT },
  logDir: 'logs',
  sampleRate: 1,
} as const satisfies ServiceMonitorSpec;

/** `spec` without a literal webhook URL (what a run folder keeps of a spec's section). */
export function withoutWebhookUrl(spec: ServiceMonitorSpec): ServiceMonitorSpec {
  const { webhookUrl: _url, ...rest } = spec;
  return rest;
}

/**
 * The `monitor` object a scaffolded service's `service.config.json` starts with: every setting
 * written out (so the file documents itself), the run's spec values over the defaults, the monitor
 * off when the service has no reference to compare with. A literal `webhookUrl` is never copied:
 * the service reads the URL from `webhookUrlEnv` unless someone writes one into its config.
 */
export function serviceMonitorConfig(spec: ServiceMonitorSpec | undefined, options: { readonly reference: boolean }): ServiceMonitorSpec {
  const given = withoutWebhookUrl(spec ?? {});
  const interval = given.intervalSeconds !== undefined ? { intervalSeconds: given.intervalSeconds } : { intervalMinutes: given.intervalMinutes ?? SERVICE_MONITOR_DEFAULTS.intervalMinutes };
  const cooldown = given.cooldownSeconds !== undefined ? { cooldownSeconds: given.cooldownSeconds } : { cooldownMinutes: given.cooldownMinutes ?? SERVICE_MONITOR_DEFAULTS.cooldownMinutes };
  return {
    enabled: options.reference && (given.enabled ?? SERVICE_MONITOR_DEFAULTS.enabled),
    ...interval,
    windowRows: given.windowRows ?? SERVICE_MONITOR_DEFAULTS.windowRows,
    ...cooldown,
    webhookUrlEnv: given.webhookUrlEnv ?? SERVICE_MONITOR_DEFAULTS.webhookUrlEnv,
    thresholds: { ...SERVICE_MONITOR_DEFAULTS.thresholds, ...given.thresholds },
    logDir: given.logDir ?? SERVICE_MONITOR_DEFAULTS.logDir,
    sampleRate: given.sampleRate ?? SERVICE_MONITOR_DEFAULTS.sampleRate,
  };
}
