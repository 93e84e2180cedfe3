// A study role as a student reads it: its name in their language, followed by the name the variant
// must carry (what the grader matches) when the two differ, e.g. "小模型 (small)".
import type { PublicStudyConfig } from '../../../server/core/api.js';

export function roleLabel(role: Pick<PublicStudyConfig['roles'][number], 'name' | 'displayName'>): string {
  return role.displayName && role.displayName !== role.name ? `${role.displayName} (${role.name})` : role.name;
}
