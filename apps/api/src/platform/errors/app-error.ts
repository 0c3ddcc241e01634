import { errorCatalog, type ErrorCode } from '@creator-rewards/contracts';

/**
 * The one exception type services throw for an expected failure. The error filter turns it into the common error
 * body with the status of its code (see errorCatalog in @creator-rewards/contracts for when each code is raised).
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCatalog[code].status;
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found.`);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError('CONFLICT', message, details);
