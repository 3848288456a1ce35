using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AlbTroubleshoot.Collection;
using AlbTroubleshoot.Snapshots;

namespace AlbTroubleshoot
{
    /// <summary>
    /// -All (docs/fleet.md): collects every ALB of each Region with <see cref="FleetCollector"/> on worker
    /// threads, while the pipeline thread, the only one PowerShell lets write output, progress, warnings
    /// and errors (and run AWS Tools cmdlets, which live in the caller's runspace), carries out what the
    /// workers post to it. Regions are taken one after another, in the order given; a Region that fails
    /// is a non-terminating error and the next one goes on.
    /// </summary>
    internal sealed class FleetRunner
    {
        private const int ActivityId = 0x41d;
        private const string Activity = "Collecting every ALB";

        private readonly AwsStateCmdlet _cmdlet;
        private readonly int _throttleLimit;

        public FleetRunner(AwsStateCmdlet cmdlet, int throttleLimit)
        {
            _cmdlet = cmdlet;
            _throttleLimit = throttleLimit;
        }

        /// <summary>When set, each ALB's CloudWatch metrics are collected too.</summary>
        public CloudWatch.MetricWindow? Metrics { get; set; }

        /// <summary>
        /// Collects each Region and hands it to <paramref name="onRegion"/> on the pipeline thread. Each
        /// ALB whose collection had failures first gets a FleetLoadBalancerIncomplete error naming it
        /// (its checks that need the missing data answer Unknown).
        /// </summary>
        public void Run(IReadOnlyList<string?> regions, Action<FleetRegion, string> onRegion)
        {
            if (regions is null) throw new ArgumentNullException(nameof(regions));
            if (onRegion is null) throw new ArgumentNullException(nameof(onRegion));
            try
            {
                foreach (var region in regions)
                {
                    _cmdlet.Stop.ThrowIfStopped();
                    var result = Collect(region, out var backendName);
                    if (result is null) continue;
                    foreach (var lb in result.LoadBalancers.Where(l => l.Failures.Count > 0))
                        _cmdlet.WriteError(AwsStateCmdlet.ToErrorRecord(lb.Failures[0], ErrorIds.FleetLoadBalancerIncomplete, lb.Arn,
                            string.Format(CultureInfo.InvariantCulture, "{0} ({1}): {2} call(s) failed; its checks that need them answer Unknown. First", lb.Name, result.Region, lb.Failures.Count),
                            keepId: true));
                    onRegion(result, backendName);
                }
            }
            finally
            {
                _cmdlet.WriteProgress(new ProgressRecord(ActivityId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
        }

        private FleetRegion? Collect(string? region, out string backendName)
        {
            using var queue = new PipelineThreadQueue();
            var label = region ?? "the default Region";
            void Verbose(string text) => queue.Post(() => _cmdlet.WriteVerbose(text));
            // AWS Tools cmdlets run in the caller's runspace: their calls go to the pipeline thread; the CLI runs in child processes, in parallel.
            var backend = _cmdlet.CreateLiveBackend(region, Verbose,
                source => source is AwsToolsBackend ? new PipelineThreadBackend(source, queue) : source);
            backendName = backend.Name;
            var collector = new FleetCollector(backend, new Reporter(_cmdlet, queue, label), _throttleLimit) { Metrics = Metrics };
            var token = _cmdlet.CancellationToken;
            var work = Task.Run(() => collector.Collect(region, token), token);
            queue.RunUntil(work);
            try
            {
                var result = _cmdlet.Stop.Run(() => work.GetAwaiter().GetResult());
                _cmdlet.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} ALBs in {2} VPCs, {3} AWS calls: {4}.", result.Region, result.LoadBalancers.Count,
                    result.Shared.Count, collector.CallsByOperation.Values.Sum(), string.Join(", ", collector.CallsByOperation.Select(c => c.Key + "=" + c.Value.ToString(CultureInfo.InvariantCulture)))));
                return result;
            }
            catch (AwsCallException e)
            {
                _cmdlet.WriteError(AwsStateCmdlet.ToErrorRecord(e, ErrorIds.FleetRegionFailed, label, "Region " + label + ": no load balancer of it could be listed", keepId: true));
                return null;
            }
        }

        /// <summary>Progress and skipped load balancers, posted to the pipeline thread.</summary>
        private sealed class Reporter : IFleetReporter
        {
            private readonly PSCmdlet _cmdlet;
            private readonly PipelineThreadQueue _queue;
            private readonly string _region;
            private int _lastPercent = -1;

            public Reporter(PSCmdlet cmdlet, PipelineThreadQueue queue, string region)
            {
                _cmdlet = cmdlet;
                _queue = queue;
                _region = region;
            }

            public void Progress(string status, int percentComplete)
            {
                // One record per percent is enough for a progress bar; a fleet makes thousands of calls.
                if (Interlocked.Exchange(ref _lastPercent, percentComplete) == percentComplete) return;
                var text = DisplayText.Safe(_region + ": " + status);
                _queue.Post(() => _cmdlet.WriteProgress(new ProgressRecord(ActivityId, Activity, text) { PercentComplete = percentComplete }));
            }

            public void Skipped(string name, string arn, string type)
            {
                var text = DisplayText.Safe(string.Format(CultureInfo.InvariantCulture, "{0} ({1}) is a {2} load balancer; only Application Load Balancers are diagnosed, so it is skipped.", name, _region, type));
                _queue.Post(() => _cmdlet.WriteWarning(text));
            }
        }

        /// <summary>Runs each call of the source back end on the pipeline thread (AWS Tools cmdlets must run there).</summary>
        private sealed class PipelineThreadBackend : IAwsBackend
        {
            private readonly IAwsBackend _inner;
            private readonly PipelineThreadQueue _queue;

            public PipelineThreadBackend(IAwsBackend inner, PipelineThreadQueue queue)
            {
                _inner = inner;
                _queue = queue;
            }

            public string Name => _inner.Name;

            public Json.JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken) => _queue.Invoke(() => _inner.Invoke(request, cancellationToken));
        }
    }

    /// <summary>
    /// Work that worker threads hand to the pipeline thread, which runs it in <see cref="RunUntil"/>
    /// while it waits for them.
    /// </summary>
    internal sealed class PipelineThreadQueue : IDisposable
    {
        // Each item: what to run, and what to do instead once the user has stopped the command (null: nothing).
        private readonly BlockingCollection<(Action Run, Action? Cancel)> _items = new BlockingCollection<(Action, Action?)>();

        public void Post(Action action) => _items.Add((action, null));

        /// <summary>Runs <paramref name="function"/> on the pipeline thread and waits for its result (or exception).</summary>
        public T Invoke<T>(Func<T> function)
        {
            var done = new TaskCompletionSource<T>();
            _items.Add((() =>
            {
                try { done.SetResult(function()); }
                catch (Exception e) { done.SetException(e); }
            }, () => done.SetCanceled()));
            return done.Task.GetAwaiter().GetResult();
        }

        /// <summary>
        /// Runs posted work until <paramref name="task"/> ends, then what is left. When the user stops
        /// the command, writing throws PipelineStoppedException: from then on posted writes are dropped
        /// and waiting calls cancelled, so the workers end, and the exception is thrown once they have.
        /// </summary>
        public void RunUntil(Task task)
        {
            if (task is null) throw new ArgumentNullException(nameof(task));
            PipelineStoppedException? stopped = null;
            void Run((Action Run, Action? Cancel) item)
            {
                if (stopped is not null)
                {
                    item.Cancel?.Invoke();
                    return;
                }
                try { item.Run(); }
                catch (PipelineStoppedException e) { stopped = e; }
            }
            while (!task.IsCompleted)
                if (_items.TryTake(out var item, 50)) Run(item);
            while (_items.TryTake(out var rest)) Run(rest);
            if (stopped is not null) throw stopped;
        }

        public void Dispose() => _items.Dispose();
    }
}
