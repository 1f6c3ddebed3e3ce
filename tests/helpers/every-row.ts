import pg from 'pg';

/** Every row of every table of the database as text (bytea as hex): what a dump of it would hold. */
export async function everyRowAsText(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    let text = '';
    for (const { s, t } of tables.rows) {
      const rows = await client.query<{ r: string }>(`SELECT x::text AS r FROM "${s}"."${t}" x`);
      text += `-- ${s}.${t}\n${rows.rows.map((r) => r.r).join('\n')}\n`;
    }
    return text;
  } finally {
    await client.end();
  }
}
