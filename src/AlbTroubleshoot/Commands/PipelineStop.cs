using System;
using System.Management.Automation;
using System.Threading;

namespace AlbTroubleshoot.Commands
{
    /// <summary>
    /// The one way a cmdlet of this module stops. PowerShell calls StopProcessing, on another thread,
    /// when the user presses Ctrl+C; the cmdlet calls <see cref="Stop"/> from there, which cancels
    /// <see cref="Token"/>. The cmdlet passes the token to the engine and the back ends, whose loops and
    /// waits check it; work ended by it leaves the cmdlet as <see cref="PipelineStoppedException"/>,
    /// which is how PowerShell expects a stopped command to end (not as an error record).
    /// Owned by the cmdlet (composition), so every cmdlet stops the same way whatever its base.
    /// </summary>
    internal sealed class PipelineStop : IDisposable
    {
        private readonly CancellationTokenSource source = new CancellationTokenSource();
        private bool disposed;

        /// <summary>Cancelled once the user stops the command.</summary>
        public CancellationToken Token => source.Token;

        public bool IsStopped => source.IsCancellationRequested;

        /// <summary>For StopProcessing. A stop that arrives after the command ended does nothing.</summary>
        public void Stop()
        {
            lock (source)
            {
                if (!disposed) source.Cancel();
            }
        }

        /// <summary>Between two pieces of work: ends the command when the user stopped it.</summary>
        public void ThrowIfStopped()
        {
            if (IsStopped) throw new PipelineStoppedException();
        }

        /// <summary>
        /// Runs work that takes <see cref="Token"/>: when it ends cancelled because the user stopped the
        /// command, the command ends as stopped. A cancellation of the work's own (a timeout) stays what it is.
        /// </summary>
        public T Run<T>(Func<T> work)
        {
            if (work is null) throw new ArgumentNullException(nameof(work));
            try
            {
                return work();
            }
            catch (OperationCanceledException) when (IsStopped)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <inheritdoc cref="Run{T}(Func{T})"/>
        public void Run(Action work)
        {
            if (work is null) throw new ArgumentNullException(nameof(work));
            Run(() =>
            {
                work();
                return true;
            });
        }

        public void Dispose()
        {
            lock (source)
            {
                if (disposed) return;
                disposed = true;
                source.Dispose();
            }
        }
    }
}
