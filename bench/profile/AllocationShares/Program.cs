using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Where a process's allocations go, from a trace of its AllocationTick events:
//   dotnet-trace collect -p PID --providers Microsoft-Windows-DotNETRuntime:0x1:5 --duration 00:00:00:05 -o T.nettrace
//   dotnet run -c Release --project bench/profile/AllocationShares -- T.nettrace [--top NAME] NAME=PATTERN[|PATTERN...] ...
// Each sampled allocation goes to the first NAME one of whose patterns is in its type's name or
// in a frame of its stack; the rest to "(rest)". Prints each NAME's share of the bytes sampled,
// then, with --top NAME, the twenty stacks of NAME that allocated most.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: AllocationShares TRACE.nettrace [--top NAME] NAME=PATTERN[|PATTERN...] ...");
    return 2;
}

var topAt = Array.IndexOf(args, "--top");
var top = topAt >= 0 ? args[topAt + 1] : "(rest)";
var categories = args.Skip(1).Where((_, i) => topAt < 0 || (i + 1 != topAt && i + 1 != topAt + 1))
    .Select(rule => rule.Split('=', 2))
    .Select(parts => (Name: parts[0], Patterns: parts[1].Split('|')))
    .ToList();

using var log = TraceLog.OpenOrConvert(TraceLog.CreateFromEventPipeDataFile(args[0]));
var bytes = new Dictionary<string, long>();
var stacks = new Dictionary<string, long>();
long total = 0;
foreach (var data in log.Events)
{
    if (data is not GCAllocationTickTraceData tick)
    {
        continue;
    }

    var frames = new List<string>();
    for (var frame = data.CallStack(); frame is not null && frames.Count < 60; frame = frame.Caller)
    {
        frames.Add(frame.CodeAddress.FullMethodName ?? string.Empty);
    }

    var stack = tick.TypeName + "\n" + string.Join("\n", frames);
    var category = categories.FirstOrDefault(c => c.Patterns.Any(p => stack.Contains(p, StringComparison.Ordinal))).Name ?? "(rest)";
    total += tick.AllocationAmount64;
    bytes[category] = bytes.GetValueOrDefault(category) + tick.AllocationAmount64;
    if (category == top)
    {
        var key = tick.TypeName + " <= " + string.Join(" <- ", frames.Where(f => f.Length > 0).Take(4));
        stacks[key] = stacks.GetValueOrDefault(key) + tick.AllocationAmount64;
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{total / 1e6:0.0} MB sampled"));
foreach (var (name, share) in bytes.OrderByDescending(kv => kv.Value))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100.0 * share / total,5:0.0} % {name}"));
}

Console.WriteLine();
foreach (var (stack, share) in stacks.OrderByDescending(kv => kv.Value).Take(20))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{100.0 * share / total,5:0.0} % {stack}"));
}

return 0;
