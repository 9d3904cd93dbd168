/**
 * The one error an import file can cause: the file as a whole is unusable (not a ZIP, a ZIP bomb,
 * no Viva export inside, JSON nested too deep, …). It is a 400 naming the form field `file`, so the
 * imports route can let it through the central error handler unchanged. Records that are merely
 * unusable never throw: they become `skipped` entries of the parsed model.
 */
import { AppError } from '../errors';

/** What went wrong, for tests and logs; the message is what a person reads. */
export type ImportProblem =
  | 'not_a_zip'
  | 'too_large'
  | 'too_many_entries'
  | 'unsupported_zip'
  | 'no_export_files'
  | 'bad_json'
  | 'too_deep'
  | 'not_a_spreadsheet'
  | 'too_many_cells';

export class ImportError extends AppError {
  readonly problem: ImportProblem;

  constructor(problem: ImportProblem, message: string) {
    super(400, 'validation_failed', `file: ${message}`, [{ field: 'file', message }]);
    this.problem = problem;
  }
}
