// Which database a process opens, as the driver resolves it (db/driver.ts) and every database error names it
// (db/errors.ts). A type of its own, so the errors need not import the driver that imports them.
export type DatabaseTarget =
  | {
      engine: 'postgres';
      url: string;
      /** The URL with its userinfo and secret parameters hidden, for messages. */
      display: string;
    }
  | { engine: 'pglite'; dir: string; display: string };
