export interface PasswordPolicy {
  passwordMinLength: number;
  passwordRequireUppercase: boolean;
  passwordRequireNumbers: boolean;
  passwordRequireSymbols: boolean;
}

/** What new tenants start with, and what applies before any tenant is chosen (sign-up). */
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  passwordMinLength: 10,
  passwordRequireUppercase: false,
  passwordRequireNumbers: false,
  passwordRequireSymbols: false,
};

/** Longer inputs only cost hashing time; no human password needs more. */
export const PASSWORD_MAX_LENGTH = 256;

/** Every rule the password breaks, in words a user understands; empty when it passes. */
export function passwordProblems(password: string, policy: PasswordPolicy): string[] {
  const problems: string[] = [];
  if ([...password].length < policy.passwordMinLength) {
    problems.push(`must be at least ${policy.passwordMinLength} characters`);
  }
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (policy.passwordRequireUppercase && !/\p{Lu}/u.test(password)) problems.push("must contain an uppercase letter");
  if (policy.passwordRequireNumbers && !/\p{Nd}/u.test(password)) problems.push("must contain a digit");
  if (policy.passwordRequireSymbols && !/[^\p{L}\p{Nd}\s]/u.test(password)) problems.push("must contain a symbol");
  return problems;
}
