#!/usr/bin/env bash
# A CI pipeline for a project whose app is composed from registry packages (docs/ci.md).
# Run it from the project folder, which holds wreg.toml and the committed wreg.lock.
#
#   WREG            how to run wreg (default: wreg; e.g. "java -jar wreg.jar")
#   WREG_REGISTRY   the registry's URL
#   WREG_TOKEN      a token with the publish scope (no config file or login needed)
#   APP_SOCKET      the component whose imports the app fills: ns:name@requirement
#   APP_PLUG        the component that fills them: ns:name@requirement
#   APP_PACKAGE     where the app is published: ns:name (its owner granted the registry's
#                   composer key `release` once: wreg grant KEY --package ns:name --permissions release)
#   APP_VERSION     the version to publish
#   SMOKE_CALL      the call that smoke-tests the app, in WAVE syntax (default: run())
#   SMOKE_EXPECT    what that call must return
set -euo pipefail

read -r -a wreg <<< "${WREG:-wreg}"
: "${WREG_REGISTRY:?set WREG_REGISTRY to the registry URL}"
: "${WREG_TOKEN:?set WREG_TOKEN to a token with the publish scope}"
: "${APP_SOCKET:?}" "${APP_PLUG:?}" "${APP_PACKAGE:?}" "${APP_VERSION:?}" "${SMOKE_EXPECT:?}"
SMOKE_CALL="${SMOKE_CALL:-run()}"
export WREG_REGISTRY WREG_TOKEN

echo "== 1/6 wreg.lock matches wreg.toml (exit 5 if resolving would change it)"
"${wreg[@]}" lock --locked

echo "== 2/6 every pinned release fetched and verified; its WIT written to wit/deps"
"${wreg[@]}" deps fetch --locked

echo "== 3/6 the app composed by the registry from the pinned releases, validated and smoke-run there"
"${wreg[@]}" compose plug "$APP_SOCKET" --plug "$APP_PLUG" --locked --remote --invoke "$SMOKE_CALL" -o app.wasm

echo "== 4/6 smoke-run here"
result="$("${wreg[@]}" run app.wasm --invoke "$SMOKE_CALL")"
if [ "$result" != "$SMOKE_EXPECT" ]; then
  echo "smoke run: $SMOKE_CALL returned '$result', expected '$SMOKE_EXPECT'" >&2
  exit 1
fi

echo "== 5/6 published with provenance: the registry's composer key signs a release naming its inputs"
"${wreg[@]}" compose plug "$APP_SOCKET" --plug "$APP_PLUG" --locked --remote --invoke "$SMOKE_CALL" \
  --publish "$APP_PACKAGE@$APP_VERSION" --registry-signs -o published.wasm
cmp app.wasm published.wasm

echo "== 6/6 the published release fetched back and verified like any other"
"${wreg[@]}" fetch "$APP_PACKAGE@$APP_VERSION" -o fetched.wasm
cmp app.wasm fetched.wasm
"${wreg[@]}" info "$APP_PACKAGE"
