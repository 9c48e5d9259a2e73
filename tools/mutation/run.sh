#!/usr/bin/env bash
# Mutation testing of the rules and stores that handle money, limits, stock and events:
# Stryker.NET mutates each file below, runs the unit tests against every mutant, and
# reports the score; tools/mutation/survivors.py lists what survived. Slow (about a
# minute and a half per project on two cores), so not part of CI:
#   bash tools/mutation/run.sh            # every target
#   bash tools/mutation/run.sh Promotion  # one target
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null

declare -A targets=(
  [Promotion]="src/Services/Promotion/Promotion.csproj|**/PromotionRules.cs,**/PromotionDefinition.cs"
  [Loyalty]="src/Services/Loyalty/Loyalty.csproj|**/LoyaltyRules.cs"
  [Inventory]="src/Services/Inventory/Inventory.csproj|**/Reservation.cs,**/StockRecord.cs"
  [Cart]="src/Services/Cart/Cart.csproj|**/CartRules.cs"
  [Checkout]="src/Services/Checkout/Checkout.csproj|**/PricingCalculator.cs,**/SessionRules.cs,**/TaxTable.cs"
  [Platform]="src/Platform/Platform.csproj|**/Money/*.cs,**/State/IStateStore.cs,**/State/InMemoryStateStore.cs,**/State/SqliteStateStore.cs,**/State/CommittedValues.cs,**/State/StateUpdates.cs,**/State/DecodedValues.cs,**/State/JsonStateExtensions.cs,**/State/ProtoStateExtensions.cs,**/State/KeyFilter.cs,**/Events/InProcessEventBus.cs"
  [Errors]="src/Platform/Platform.csproj|**/Errors/*.cs"
  [Contracts]="src/Contracts/Contracts.csproj|**/Limits/*.cs,**/Versions/*.cs"
  [Bff]="src/Bff/Bff.csproj|**/Conventions/*.cs,**/Errors/ApiError.cs"
  [Addresses]="src/Platform/Platform.csproj|**/Addresses/*.cs"
  [Telemetry]="src/Platform/Platform.csproj|**/Telemetry/TraceWaterfall.cs,**/Telemetry/RecentTraces.cs,**/Telemetry/EventTracing.cs,**/Telemetry/ProcessSpans.cs,**/Telemetry/OwnedSpans.cs,**/Events/DeadLetterStore.cs"
  [Payment]="src/Services/Payment/Payment.csproj|**/Fraud/FraudRules.cs,**/Fraud/FraudLedger.cs,**/Fraud/ChargeHistory.cs,**/Gateway/CardNumbers.cs,**/PaymentVault.cs"
  [Catalog]="src/Services/Catalog/Catalog.csproj|**/CatalogLayout.cs,**/CatalogRepository.cs,**/ProductPaging.cs"
  [Notification]="src/Services/Notification/Notification.csproj|**/FileNotificationSender.cs"
  [Order]="src/Services/Order/Order.csproj|**/OrderNumbers.cs,**/OrderKeys.cs,**/OrderStore.cs"
)

out=${MUTATION_OUTPUT:-.mutation}
mkdir -p "$out"
for name in "${@:-${!targets[@]}}"; do
  IFS='|' read -r project files <<<"${targets[$name]}"
  mutate=()
  IFS=',' read -ra globs <<<"$files"
  for glob in "${globs[@]}"; do mutate+=(--mutate "$glob"); done
  (cd tests/Checkout.UnitTests && dotnet stryker --project "$(basename "$project")" --test-project Checkout.UnitTests.csproj \
    "${mutate[@]}" --reporter Json --output "../../$out/$name" --concurrency 2 >"../../$out/$name.log" 2>&1) || { tail -20 "$out/$name.log"; exit 1; }
  score=$(grep -o 'The final mutation score is [0-9.]* %' "$out/$name.log" | tail -1)
  echo "$name: $score"
  python3 tools/mutation/survivors.py "$out/$name/reports/mutation-report.json" | sed 's/^/  /'
done
# Stryker leaves its mutated assemblies in the unit tests' output folder: build them again,
# or the next `dotnet test --no-build` runs against a mutant.
dotnet build tests/Checkout.UnitTests --no-incremental -v q >/dev/null
