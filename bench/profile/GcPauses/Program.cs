using System.Globalization;
using Microsoft.Diagnostics.Tracing;

// How long each garbage collection stopped a process, and what kept its survivors alive, from
// a trace of its GC events:
//   dotnet-trace collect -p PID --providers Microsoft-Windows-DotNETRuntime:0x1:4 --duration 00:00:00:08 -o T.nettrace
//   dotnet run -c Release --project bench/profile/GcPauses -- T.nettrace
// Prints the pauses by generation and reason (count, total, mean, longest), how much of each
// pause was spent suspending the threads, the bytes each kind of root marked (the runtime's
// GCMarkWithType events: stacks, handles, older generations through the card table, ...), and
// the generations' sizes after the first and the last collection.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: GcPauses TRACE.nettrace");
    return 2;
}

// The root kinds PerfView's parser names (MarkRootType); the runtime may report others by number.
string[] rootKinds = ["stacks", "the finalization queue", "handles", "older generations (the card table)", "sized refs", "overflow"];
var pauses = new List<(int Generation, string Reason, double Suspending, double Total)>();
var marked = new Dictionary<string, double>();
var heaps = new List<string>();
(int Generation, string Reason, double SuspendStart, double SuspendEnd) current = (-1, string.Empty, 0, 0);

using var source = new EventPipeEventSource(args[0]);
source.Clr.GCSuspendEEStart += e => current = (current.Generation, current.Reason, e.TimeStampRelativeMSec, 0);
source.Clr.GCSuspendEEStop += e => current.SuspendEnd = e.TimeStampRelativeMSec;
source.Clr.GCStart += e => (current.Generation, current.Reason) = (e.Depth, e.Reason.ToString());
source.Clr.GCRestartEEStop += e =>
{
    if (current.SuspendStart > 0)
    {
        pauses.Add((current.Generation, current.Reason, current.SuspendEnd - current.SuspendStart, e.TimeStampRelativeMSec - current.SuspendStart));
    }

    current = (-1, string.Empty, 0, 0);
};
source.Clr.GCMarkWithType += e =>
{
    var kind = e.Type < rootKinds.Length ? rootKinds[e.Type] : $"root kind {e.Type}";
    marked[kind] = marked.GetValueOrDefault(kind) + e.Promoted;
};
source.Clr.GCHeapStats += e => heaps.Add(string.Create(CultureInfo.InvariantCulture,
    $"gen0 {e.GenerationSize0 / 1e6:0.0} MB, gen1 {e.GenerationSize1 / 1e6:0.0} MB, gen2 {e.GenerationSize2 / 1e6:0.0} MB, large objects {e.GenerationSize3 / 1e6:0.0} MB; promoted from gen0 {e.TotalPromotedSize0 / 1e6:0.00} MB, from gen1 {e.TotalPromotedSize1 / 1e6:0.00} MB"));
source.Process();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pauses.Count} pauses, {pauses.Sum(p => p.Total):0} ms in all, {pauses.Sum(p => p.Suspending):0.0} ms of it suspending threads"));
foreach (var group in pauses.GroupBy(p => (p.Generation, p.Reason)).OrderBy(g => g.Key.Generation))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gen{group.Key.Generation} {group.Key.Reason}: {group.Count()} pauses, {group.Sum(p => p.Total):0.0} ms, mean {group.Average(p => p.Total):0.0} ms, longest {group.Max(p => p.Total):0.0} ms"));
}

foreach (var (kind, bytes) in marked.Where(m => m.Value > 0).OrderByDescending(m => m.Value))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"marked through {kind}: {bytes / 1e6:0.0} MB"));
}

foreach (var heap in heaps.Take(1).Concat(heaps.Skip(1).TakeLast(1)))
{
    Console.WriteLine(heap);
}

return 0;
