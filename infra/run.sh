#!/usr/bin/env bash
# The README's run command: starts (installing if needed) Redis, PostgreSQL and RabbitMQ on 127.0.0.1 and
# runs the engine on http://127.0.0.1:5080 in the Development environment (development signing key).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is needed (dotnet on PATH)." >&2; exit 1; }
./infra/servers.sh start
echo "Mint a token: dotnet run --project src/FlashSale.Cli -- token --sub alice [--role ops]" >&2
exec dotnet run --project src/FlashSale.Host -c Release --launch-profile FlashSale.Host
