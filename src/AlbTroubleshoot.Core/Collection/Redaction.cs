using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// Takes secrets out of text before it is written anywhere (verbose and debug messages, error
    /// messages, the aws CLI's stderr echoed in them, the Errors recorded in a snapshot): the one
    /// redaction function. It replaces with <see cref="Mask"/>:
    /// <list type="bullet">
    /// <item>the secrets this invocation knows (secret access key, session token, the password of
    /// an endpoint URL), wherever they appear;</item>
    /// <item>the user-info part of any URL (<c>https://user:password@host</c> → <c>https://***@host</c>);</item>
    /// <item>the values of signing query parameters (X-Amz-Security-Token, X-Amz-Signature,
    /// X-Amz-Credential, Signature, AWSAccessKeyId) and of secret settings written key = value or
    /// "key": "value" (aws_secret_access_key, aws_session_token, SecretAccessKey, SessionToken, …).</item>
    /// </list>
    /// </summary>
    internal sealed class Redaction
    {
        /// <summary>What a secret is replaced by.</summary>
        public const string Mask = "***";

        /// <summary>Known secrets shorter than this are not searched for (they would mask ordinary words); AWS keys are far longer.</summary>
        internal const int MinimumSecretLength = 6;

        private static readonly Regex UserInfo = new Regex(@"(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@""'<>]+@", RegexOptions.CultureInvariant);
        private static readonly Regex SigningParameter = new Regex(@"(?i)\b(X-Amz-Security-Token|X-Amz-Signature|X-Amz-Credential|AWSAccessKeyId|Signature)=[^&\s""'<>]+", RegexOptions.CultureInvariant);
        private static readonly Regex SecretSetting = new Regex(
            @"(?i)\b(aws_secret_access_key|aws_session_token|aws_security_token|secret_?access_?key|secret_?key|session_?token|security_?token)(""?\s*[:=]\s*""?)[^\s""',;}&]+",
            RegexOptions.CultureInvariant);

        private readonly string[] _secrets;

        /// <summary>No known secret: only the patterns.</summary>
        public static readonly Redaction Patterns = new Redaction(Array.Empty<string>());

        /// <param name="secrets">Secret values to mask wherever they appear; null, empty and short ones are ignored.</param>
        public Redaction(IEnumerable<string?> secrets)
        {
            if (secrets is null) throw new ArgumentNullException(nameof(secrets));
            // Longest first, so a secret that contains another is masked whole.
            _secrets = secrets.Where(s => s is { Length: >= MinimumSecretLength }).Select(s => s!).Distinct(StringComparer.Ordinal)
                .OrderByDescending(s => s.Length).ToArray();
        }

        /// <summary>The text with every known secret and every secret-looking value masked; null becomes empty.</summary>
        public string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            var result = text!;
            foreach (var secret in _secrets)
                result = result.Replace(secret, Mask);
            result = UserInfo.Replace(result, "$1" + Mask + "@");
            result = SigningParameter.Replace(result, "$1=" + Mask);
            return SecretSetting.Replace(result, "$1$2" + Mask);
        }

        /// <summary>The password of a URL's user info (http://user:password@host), as written and unescaped, to add to the known secrets.</summary>
        public static IEnumerable<string> PasswordsOf(string? url)
        {
            if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length == 0) yield break;
            var colon = uri.UserInfo.IndexOf(':');
            var password = colon < 0 ? uri.UserInfo : uri.UserInfo.Substring(colon + 1);
            yield return password;
            yield return Uri.UnescapeDataString(password);
        }
    }
}
