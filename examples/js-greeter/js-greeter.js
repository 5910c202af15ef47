// The `greeter` world of js-greeter.wit: componentize-js (StarlingMonkey) turns this module's
// exported functions into the world's exports, converting strings both ways.
export function greet(name) {
  const trimmed = name.trim();
  const shown = trimmed.length === 0 ? 'nobody' : trimmed[0].toUpperCase() + trimmed.slice(1);
  return `Hello, ${shown}!`;
}
