# How piped and positional input binds, in a fresh pwsh as a user's session would bind it: files
# are snapshots, AWS objects still select live load balancers (docs/public-surface.md, "Where AWS
# data comes from"), values that cannot be status codes are parameter errors, and no odd value
# (null, empty, out of range) ends in a raw .NET exception. A stand-in `aws` on PATH records every
# call, so "no live call" is observed rather than assumed.
BeforeAll {
    Import-Module $env:ALBTROUBLESHOOT_MANIFEST -Force
    $script:repoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:samples = Join-Path $repoRoot 'samples'

    $script:work = Join-Path ([IO.Path]::GetTempPath()) "albt-binding-$([guid]::NewGuid().ToString('n'))"
    $null = New-Item -ItemType Directory -Path $work
    Copy-Item (Join-Path $samples 'healthy.json') (Join-Path $work 'web.json')
    Copy-Item (Join-Path $samples '502-target-sg.json') (Join-Path $work 'orders.json')
    Copy-Item (Join-Path $samples 'healthy.json') (Join-Path $work 'web[1].json')
    $null = New-Item -ItemType Directory -Path (Join-Path $work 'folder')

    . (Join-Path $PSScriptRoot 'Support/RecordingAws.ps1')
    $script:awsLog = Join-Path $work 'aws.log'
    $script:bin = New-RecordingAws -Directory (Join-Path $work 'bin') -Log $awsLog

    # Runs each case in one fresh pwsh (module imported, the stand-in aws first on PATH, no AWS
    # Tools) and returns, per case: the type names written, the error IDs, and the aws calls made.
    function script:Invoke-Case([hashtable] $Cases) {
        $script = @'
param($Manifest, $Work, $CasesJson, $AwsLog)
Import-Module $Manifest
Set-Location $Work
$results = [ordered]@{}
foreach ($case in ($CasesJson | ConvertFrom-Json).PSObject.Properties) {
    Remove-Item $AwsLog -ErrorAction Ignore
    $WarningPreference = 'SilentlyContinue'
    $all = @(try { & ([scriptblock]::Create($case.Value)) 2>&1 } catch { $_ })
    $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
    $out = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
    $results[$case.Name] = [ordered]@{
        Types  = @($out | ForEach-Object { $_.GetType().Name })
        Text   = @($out | ForEach-Object { "$_" })
        Errors = @($errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] })
        Aws    = @(if (Test-Path $AwsLog) { Get-Content $AwsLog })
    }
}
$results | ConvertTo-Json -Depth 4 -Compress
'@
        $file = Join-Path $work "cases-$([guid]::NewGuid().ToString('n')).ps1"
        Set-Content -Path $file -Value $script -Encoding utf8
        $exe = [Environment]::ProcessPath
        $argsList = @('-NoProfile', '-NonInteractive', '-File', $file, $env:ALBTROUBLESHOOT_MANIFEST, $work, ($Cases | ConvertTo-Json -Compress), $awsLog)
        if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { $argsList = @((Join-Path $PSHOME 'pwsh.dll')) + $argsList }
        $savedPath = $env:PATH
        try {
            $env:PATH = $bin + [IO.Path]::PathSeparator + $env:PATH
            $json = & $exe @argsList
        }
        finally { $env:PATH = $savedPath }
        $json | ConvertFrom-Json -AsHashtable
    }

    # One fresh pwsh for every case of this file (starting one costs seconds on a busy machine).
    $script:r = Invoke-Case @{
            Diagnosis    = 'Get-Item ./web.json | Invoke-AlbDiagnosis'
            Reachability = 'Get-Item ./web.json | Test-AlbTargetReachability | Select-Object -First 1'
            Nacl         = 'Get-Item ./web.json | Test-AlbNaclEphemeral | Select-Object -First 1'
            Cause        = 'Get-Item ./web.json | Get-AlbErrorCause 502 | Select-Object -First 1'
            Export       = 'Get-Item ./web.json | Export-AlbSnapshot -Path ./folder/exported.json -PassThru'
            GetSnapshot  = 'Get-Item ./web.json | Get-AlbSnapshot'
            ChildItems   = 'Get-ChildItem -Path . -Filter *.json | Sort-Object Name | Invoke-AlbDiagnosis'
            Folder       = 'Get-Item ./folder | Invoke-AlbDiagnosis'
            ResolvePath  = 'Resolve-Path ./orders.json | Invoke-AlbDiagnosis'
            LiteralFile  = 'Get-Item -LiteralPath ./web[1].json | Invoke-AlbDiagnosis'
            Positional      = 'Get-AlbSnapshot web.json'
            PathWildcard    = 'Get-AlbSnapshot -Path ./*.json | Sort-Object Source | ForEach-Object { Split-Path -Leaf $_.Source }'
            SnapshotWild    = 'Invoke-AlbDiagnosis -Snapshot ./o*.json'
            SnapshotArray   = 'Invoke-AlbDiagnosis -Snapshot ./orders.json, ./web.json'
            LiteralPath     = 'Get-AlbSnapshot -LiteralPath ./web[1].json'
            LiteralPiped    = '[pscustomobject]@{ PSPath = (Resolve-Path -LiteralPath ./web[1].json).Path } | Get-AlbSnapshot'
            NoMatch         = 'Invoke-AlbDiagnosis -Snapshot ./zz*.json'
            PositionalName  = 'Get-AlbSnapshot web'
            CliJson   = '''{"LoadBalancerName":"web","Type":"application"}'' | ConvertFrom-Json | Invoke-AlbDiagnosis -Source AwsCli -Region us-east-1'
            ByArn     = '[pscustomobject]@{ LoadBalancerArn = ''arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188''; LoadBalancerName = ''web'' } | Test-AlbTargetReachability -Source AwsCli -Region us-east-1'
            OwnObject = 'Invoke-AlbDiagnosis -Snapshot ./web.json | Get-AlbSnapshot -Source AwsCli -Region us-east-1'
            NameArg   = 'Invoke-AlbDiagnosis web -Source AwsCli -Region us-east-1'
            Text    = 'Get-AlbErrorCause abc'
            Number  = 'Get-AlbErrorCause 1234'
            Negative = 'Get-AlbErrorCause -5'
            Bool    = 'Get-AlbErrorCause $true'
            Mixed   = 'Get-AlbErrorCause 502, abc'
            Piped   = '''abc'' | Get-AlbErrorCause'
            Null    = 'Get-AlbErrorCause $null'
            Class   = 'Get-AlbErrorCause 5xx | Select-Object -First 1'
            Long    = 'Get-AlbErrorCause 502L | Select-Object -First 1'
    }
}

AfterAll {
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}

Describe 'A file on the pipeline is a snapshot, never a load balancer name' {
    It '<Case> uses the file and calls no AWS' -ForEach @(
        @{ Case = 'Diagnosis'; Type = 'Diagnosis' }
        @{ Case = 'Reachability'; Type = 'ReachabilityResult' }
        @{ Case = 'Nacl'; Type = 'NaclEphemeralResult' }
        @{ Case = 'Cause'; Type = 'ErrorCause' }
        @{ Case = 'Export'; Type = 'AlbSnapshot' }
        @{ Case = 'GetSnapshot'; Type = 'AlbSnapshot' }
        @{ Case = 'ResolvePath'; Type = 'Diagnosis' }
        @{ Case = 'LiteralFile'; Type = 'Diagnosis' }
    ) {
        $r[$Case].Errors | Should -BeNullOrEmpty
        $r[$Case].Types | Should -Contain $Type
        $r[$Case].Aws | Should -BeNullOrEmpty
    }

    It 'diagnoses every piped file (one per load balancer) and says a folder is not a snapshot' {
        # Get-ChildItem *.json: orders.json, web.json and web[1].json, each read literally.
        $r.ChildItems.Types | Should -Be @('Diagnosis', 'Diagnosis', 'Diagnosis')
        $r.ChildItems.Text | Should -Be @('orders-api: Problems', 'shop-prod: Healthy', 'shop-prod: Healthy')
        $r.Folder.Errors | Should -Be @('SnapshotPathIsFolder')
        $r.Folder.Aws | Should -BeNullOrEmpty
    }
}

Describe 'Paths: positional, wildcards and -LiteralPath' {
    It 'reads a file named as the first positional argument' {
        $r.Positional.Types | Should -Be @('AlbSnapshot')
        $r.Positional.Aws | Should -BeNullOrEmpty
    }

    It 'expands wildcards in -Path and -Snapshot, and takes several values' {
        # [1] is a wildcard range in -Path: web[1].json matches "web1.json", which does not exist.
        $r.PathWildcard.Text | Should -Be @('orders.json', 'web.json', 'web[1].json')
        $r.SnapshotWild.Text | Should -Be @('orders-api: Problems')
        $r.SnapshotArray.Text | Should -Be @('orders-api: Problems', 'shop-prod: Healthy')
    }

    It 'takes -LiteralPath as written, also from a piped PSPath' {
        $r.LiteralPath.Types | Should -Be @('AlbSnapshot')
        $r.LiteralPiped.Types | Should -Be @('AlbSnapshot')
    }

    It 'says when nothing matches, and how to go live when the text was a name' {
        $r.NoMatch.Errors | Should -Be @('SnapshotFileNotFound')
        $r.PositionalName.Errors | Should -Be @('SnapshotFileNotFound')
        $r.PositionalName.Aws | Should -BeNullOrEmpty
        $null = Get-AlbSnapshot web -ErrorAction SilentlyContinue -ErrorVariable e 2>$null
        $e[0].Exception.Message | Should -Match 'use -Name web'
    }
}

Describe 'AWS objects still select load balancers by property name' {
    It '<Case> goes live with <Expected>' -ForEach @(
        @{ Case = 'CliJson'; Expected = '--names=web' }
        @{ Case = 'ByArn'; Expected = '--load-balancer-arns=arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188' }
        @{ Case = 'OwnObject'; Expected = '--load-balancer-arns=arn:aws:elasticloadbalancing:eu-west-1:' }
        @{ Case = 'NameArg'; Expected = '--names=web' }
    ) {
        ($r[$Case].Aws -join "`n") | Should -BeLike "*elbv2 describe-load-balancers*$Expected*"
        # The stand-in aws has no credentials: the collection fails as AWS says, not at binding.
        $r[$Case].Errors | Should -Not -BeNullOrEmpty
        $r[$Case].Errors | Should -Not -Contain 'ParameterArgumentTransformationError'
    }
}

Describe 'Get-AlbErrorCause takes only codes positionally' {
    It '<Case> is a parameter error and calls no AWS' -ForEach @(
        @{ Case = 'Text'; Id = 'ParameterArgumentTransformationError' }
        @{ Case = 'Number'; Id = 'ParameterArgumentTransformationError' }
        @{ Case = 'Negative'; Id = 'ParameterArgumentTransformationError' }
        @{ Case = 'Bool'; Id = 'ParameterArgumentTransformationError' }
        @{ Case = 'Mixed'; Id = 'ParameterArgumentTransformationError' }
        @{ Case = 'Piped'; Id = 'ParameterArgumentTransformationError' }
        @{ Case = 'Null'; Id = 'NoStatusCode' }
    ) {
        $r[$Case].Errors | Should -Be @($Id)
        $r[$Case].Types | Should -BeNullOrEmpty
        $r[$Case].Aws | Should -BeNullOrEmpty
    }

    It 'still takes classes and any integer type' {
        $r.Class.Types | Should -Be @('ErrorCause')
        $r.Long.Types | Should -Be @('ErrorCause')
    }
}

Describe 'Odd values never end in a raw .NET exception' {
    # Every parameter of every cmdlet, offline, with values a form or a script can produce. An error
    # is fine (most of these must be one); a NullReferenceException, an ArgumentOutOfRangeException
    # or an error ID that is only a .NET type name is not.
    BeforeAll {
        $web = Join-Path $work 'web.json'
        $logs = Join-Path $work 'small.log'
        Get-ChildItem (Join-Path $samples 'traffic') -Filter *.log | Get-Content -TotalCount 20 | Set-Content -Path $logs
        $diagnosis = Invoke-AlbDiagnosis -Snapshot $web
        $acls = Get-Content (Join-Path $samples 'cli/describe-network-acls.json') -Raw | ConvertFrom-Json
        $script:bases = [ordered]@{
            'Get-AlbErrorCause'          = @{ Snapshot = $web }
            'Invoke-AlbDiagnosis'        = @{ Snapshot = $web }
            'Test-AlbTargetReachability' = @{ Snapshot = $web }
            'Test-AlbNaclEphemeral'      = @{ InputObject = $acls; PeerCidr = '10.0.0.0/16' }
            'Get-AlbSnapshot'            = @{ Path = $web }
            'Export-AlbSnapshot'         = @{ Snapshot = $web; Path = (Join-Path $work 'sweep.json') }
            'ConvertTo-AlbReport'        = @{ InputObject = $diagnosis }
            'Get-AlbAccessLog'           = @{ Path = $logs; StatusCode = 200 }
            'Measure-AlbAccessLog'       = @{ Path = $logs }
        }
        $script:values = @($null, '', ' ', @(), @($null), -1, 70000, [long]::MaxValue, '1024-99999')
        # Parameters that only make sense live go to AWS; they are covered by the collector tests.
        $script:live = 'Source', 'Region', 'ProfileName', 'ProfileLocation', 'Credential', 'AccessKey', 'SecretKey', 'SessionToken', 'EndpointUrl', 'AccessLogFrom', 'AccessLogTo'
    }

    It '<Cmdlet>' -ForEach @(
        'Get-AlbErrorCause', 'Invoke-AlbDiagnosis', 'Test-AlbTargetReachability', 'Test-AlbNaclEphemeral', 'Get-AlbSnapshot',
        'Export-AlbSnapshot', 'ConvertTo-AlbReport', 'Get-AlbAccessLog', 'Measure-AlbAccessLog' | ForEach-Object { @{ Cmdlet = $_ } }
    ) {
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        $raw = foreach ($p in (Get-Command $Cmdlet).Parameters.Values | Where-Object { $_.Name -notin $common -and $_.Name -notin $live -and -not $_.SwitchParameter }) {
            foreach ($v in $values) {
                $splat = @{} + $bases[$Cmdlet]
                $splat[$p.Name] = $v
                Push-Location $work
                try { $null = & $Cmdlet @splat -ErrorAction Stop -WarningAction SilentlyContinue 2>$null }
                catch {
                    $e = $_.Exception
                    while ($e -is [System.Management.Automation.MethodInvocationException] -and $e.InnerException) { $e = $e.InnerException }
                    if ($_.FullyQualifiedErrorId -match '^System\.' -or $e -is [NullReferenceException] -or $e -is [ArgumentOutOfRangeException] -or
                        $e -is [IndexOutOfRangeException] -or $e -is [InvalidCastException] -or $e -is [OverflowException]) {
                        "-$($p.Name) '$v': $($_.FullyQualifiedErrorId) $($e.GetType().Name): $($e.Message)"
                    }
                }
                finally { Pop-Location }
            }
        }
        $raw | Should -BeNullOrEmpty
    }
}
