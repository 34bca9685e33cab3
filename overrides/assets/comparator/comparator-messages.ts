// The messages between the page (comparator.js) and its worker (comparator-worker.js), in one
// place: both files import these types in JSDoc (`import("./comparator-messages").ToWorker`),
// which `make test` checks with tsc. Types only: nothing here is compiled or runs, and the build
// publishes no file of this folder under its own name (helpcenter/plugin.py, on_files). A .ts,
// not a .d.ts, so that tsc checks it too (skipLibCheck skips every .d.ts).

/** How Python started: restored from the kept memory snapshot, or booted and imported. */
export type Boot = "snapshot" | "plain";

// page -> worker

/** Start Pyodide now: the page's own start-up is done, or the reader interacted. */
export interface GoMessage {
  type: "go";
  /** The reader asked to save data: no snapshot is fetched for the next visit. */
  saveData: boolean;
}

/** The comparator's data-lang, once it is parsed: the worker then creates the comparator. */
export interface OpenMessage {
  type: "open";
  lang: string;
}

/** A selection to compare (a query string), answered by a ResultMessage or an ErrorMessage. */
export interface UpdateMessage {
  type: "update";
  id: number;
  query: string;
}

export type ToWorker = GoMessage | OpenMessage | UpdateMessage;

// worker -> page

/** The comparator is created; phases: when each was reached (epoch ms). */
export interface ReadyMessage {
  type: "ready";
  boot: Boot;
  phases: Record<string, number>;
}

/** Python could not start: the page keeps its static comparison. */
export interface FailedMessage {
  type: "failed";
  message: string;
}

/** The answer to an UpdateMessage: result is JSON text of an UpdateResult. */
export interface ResultMessage {
  type: "result";
  id: number;
  result: string;
  /** How long Comparator.update took in the worker. */
  pythonMs: number;
}

/** An UpdateMessage that Python refused. */
export interface ErrorMessage {
  type: "error";
  id: number;
  message: string;
}

/** The memory snapshot is kept for the next visit. */
export interface SnapshotStoredMessage {
  type: "snapshot-stored";
}

/** Shown in the page's console. */
export interface WarningMessage {
  type: "warning";
  message: string;
}

export type FromWorker =
  | ReadyMessage
  | FailedMessage
  | ResultMessage
  | ErrorMessage
  | SnapshotStoredMessage
  | WarningMessage;

/** ResultMessage.result, parsed: what comparator.browser.Comparator.update returns. */
export interface UpdateResult {
  /** Escaped HTML of the comparison table and of its notices. */
  table: string;
  notices: string;
  /** The canonical query of the selection. */
  query: string;
  selection: {
    plans: string[];
    addons: string[];
    diff: boolean;
    currency: string;
  };
}
