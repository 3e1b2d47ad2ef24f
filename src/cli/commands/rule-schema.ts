// --rule-schema: the JSON schema of rules files, printed exactly as Falco prints it (keys sorted, two-space
// indentation, no final newline).
import { ruleSchemaText } from '../../rules/schema.ts';

export function runRuleSchema(): number {
  process.stdout.write(ruleSchemaText());
  return 0;
}
