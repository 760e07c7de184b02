/**
 * Ensemble members often carry the same data: two kNN members fitted on the same rows hold the
 * same training matrix. Identical top-level typed-array constants are written once; the others
 * become aliases of the first (the generated code only reads them).
 */
const TYPED_ARRAY_CONST = /^const (\w+) = (new (?:Float64|Float32|Int32|Uint32|Int16|Uint16|Int8|Uint8)Array\(\[[\s\S]*?\]\));$/gm;

/** The source with repeated typed-array constants replaced by aliases of their first copy. */
export function shareIdenticalArrays(source: string): string {
  const first = new Map<string, string>();
  return source.replace(TYPED_ARRAY_CONST, (declaration: string, name: string, literal: string) => {
    // Small literals cost less than the lookup is worth, and stay readable in place.
    if (literal.length < 200) return declaration;
    const original = first.get(literal);
    if (original === undefined) {
      first.set(literal, name);
      return declaration;
    }
    return `const ${name} = ${original}; // the same values as ${original}`;
  });
}
