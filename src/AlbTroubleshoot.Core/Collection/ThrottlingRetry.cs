using System;
using System.Globalization;
using System.Threading;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// Retries a throttled call (<see cref="AwsFailureKind.Throttled"/>) with capped exponential
    /// backoff and full jitter (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/),
    /// on top of the retries the AWS SDK and CLI already make, so a burst of collections (several
    /// runbooks at once) slows down instead of losing sections. Still throttled after
    /// <see cref="MaxRetries"/> retries, the call fails as throttled. Any other failure passes through.
    /// </summary>
    internal sealed class ThrottlingRetry : IAwsBackend
    {
        /// <summary>Retries after the first attempt.</summary>
        public const int MaxRetries = 3;

        /// <summary>The backoff ceiling of the first retry; it doubles for each further one.</summary>
        public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(250);

        private readonly IAwsBackend _inner;
        private readonly Action<TimeSpan, CancellationToken> _wait;
        private readonly Func<double> _random;
        private readonly Action<string>? _onRetry;

        /// <param name="inner">The back end that makes the calls.</param>
        /// <param name="onRetry">Told about each retry (a verbose message), or null.</param>
        /// <param name="wait">How to wait (tests record the delays instead); by default a cancellable wait.</param>
        /// <param name="random">A number in [0, 1) for the jitter; by default a shared random source.</param>
        public ThrottlingRetry(IAwsBackend inner, Action<string>? onRetry = null, Action<TimeSpan, CancellationToken>? wait = null, Func<double>? random = null)
        {
            _inner = inner ?? throw new ArgumentNullException(nameof(inner));
            _onRetry = onRetry;
            _wait = wait ?? ((delay, token) => { if (token.WaitHandle.WaitOne(delay)) token.ThrowIfCancellationRequested(); });
            _random = random ?? NextRandom;
        }

        public string Name => _inner.Name;

        public JsonObject Invoke(AwsRequest request, CancellationToken cancellationToken)
        {
            for (var retry = 0; ; retry++)
            {
                try
                {
                    return _inner.Invoke(request, cancellationToken);
                }
                catch (AwsCallException e) when (e.Kind == AwsFailureKind.Throttled && retry < MaxRetries)
                {
                    var ceiling = BaseDelay.TotalMilliseconds * (1 << retry);
                    var delay = TimeSpan.FromMilliseconds(ceiling * _random());
                    _onRetry?.Invoke(string.Format(CultureInfo.InvariantCulture, "{0} was throttled ({1}); retry {2} of {3} in {4:0.00} s.",
                        request.Operation, e.ErrorCode, retry + 1, MaxRetries, delay.TotalSeconds));
                    _wait(delay, cancellationToken);
                }
            }
        }

        private static readonly object RandomLock = new object();
        private static readonly Random SharedRandom = new Random();

        private static double NextRandom()
        {
            lock (RandomLock) return SharedRandom.NextDouble();
        }
    }
}
