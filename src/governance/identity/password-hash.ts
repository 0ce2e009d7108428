import { hash } from '@node-rs/argon2';
import { AppError } from '../../core/app-error.js';

/** Passwords shorter than this are refused (NIST SP 800-63B's minimum for user-chosen secrets). */
export const minimumPasswordLength = 12;

/** An argon2id hash (the library's defaults: 19 MiB, 2 passes, OWASP's recommendation) of a checked password. */
export async function hashNewPassword(password: string, field = 'password'): Promise<string> {
  if (password.length < minimumPasswordLength) {
    throw new AppError('VALIDATION_FAILED', `The password must have at least ${minimumPasswordLength} characters.`, { field });
  }
  if (password.length > 1024) throw new AppError('VALIDATION_FAILED', 'The password must have at most 1,024 characters.', { field });
  return hash(password);
}
