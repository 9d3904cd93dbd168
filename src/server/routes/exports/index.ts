/**
 * /exports: the whole Pacer as a JSON document (admin; restored by POST /imports with
 * source=pacer) and one cycle's OKRs as CSV for spreadsheets (anyone signed in, like the OKRs).
 */
import type { App } from '../../app-types';
import { requireUser } from '../../auth/current-user';
import { buildOkrCsv } from '../../services/exports/okr-csv-service';
import { buildPacerExport } from '../../services/exports/pacer-export-service';
import { okrsCsvQuery, pacerExportSchema } from '../../../contract/exports';

const tags = ['exports'];

export default async function exportRoutes(app: App): Promise<void> {
  app.get(
    '/exports/pacer',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Everything as one JSON document, to restore into another Pacer (admin); no passwords, tokens or Jira secrets',
        tags,
        response: { 200: pacerExportSchema },
      },
      // Tens of megabytes for a large Pacer: V8's JSON.stringify is several times faster there than
      // the compiled serializer (as for the objectives list); buildPacerExport returns the
      // contract's own type and the repository selects no other column, so nothing extra is written.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (_request, reply) => {
      const now = new Date();
      reply.header('content-disposition', `attachment; filename="pacer-export-${now.toISOString().slice(0, 10)}.json"`);
      return buildPacerExport(app.db, now);
    },
  );

  app.get(
    '/exports/okrs.csv',
    {
      schema: {
        summary: "One cycle's objectives and key results as CSV (text/csv), one row each",
        description: 'Columns: Cycle, Type, Title, Owner email, Parent, Progress %, Status, Start, Target, Current, Unit. Text starting with = + - @ is prefixed with an apostrophe so a spreadsheet never runs it.',
        tags,
        querystring: okrsCsvQuery,
      },
    },
    async (request, reply) => {
      const csv = await buildOkrCsv(app.db, request.query.cycleId, requireUser(request), new Date());
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${csv.fileName}"`).send(csv.text);
    },
  );
}
