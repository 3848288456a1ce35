# PipelineStop (src/AlbTroubleshoot/Commands/PipelineStop.cs), the one way a cmdlet of this module
# stops, on its own: the cmdlet assembly has no unit-test project, so each case runs in a runspace of
# its own that builds a PipelineStop (internal: through reflection) and ends as PowerShell ends it.
# A PipelineStoppedException cannot be caught by a script, so "the command ended as stopped" is read
# from the runspace's state and from which output came before the end. The Ctrl+C tests of the
# cmdlets (AccessLogHardening, Test-AlbTargetEndpoint) cover the same type through a real Stop().
BeforeAll {
    $script:manifest = $env:ALBTROUBLESHOOT_MANIFEST

    # Runs $Script after '$stop' is a new PipelineStop; returns the output and how the runspace ended.
    function Invoke-WithStop([scriptblock] $Script) {
        $ps = [powershell]::Create()
        try {
            $setup = {
                param($manifest)
                Import-Module $manifest
                $type = (Get-Command Get-AlbSnapshot).ImplementingType.Assembly.GetType('AlbTroubleshoot.Commands.PipelineStop', $true)
                $stop = [Activator]::CreateInstance($type, $true)
            }
            $null = $ps.AddScript($setup.ToString() + "`n" + $Script.ToString()).AddArgument($manifest)
            $output = @($ps.Invoke())
            [pscustomobject]@{
                Output = $output
                State = $ps.InvocationStateInfo.State
                Reason = $ps.InvocationStateInfo.Reason
                Errors = @($ps.Streams.Error)
            }
        }
        finally { $ps.Dispose() }
    }
}

Describe 'PipelineStop' {
    It 'ends the command as stopped when work is cancelled because the user stopped it' {
        $r = Invoke-WithStop {
            'before'
            $stop.Stop()
            $token = $stop.Token
            # A .NET method as the work, so the OperationCanceledException reaches Run unwrapped.
            try { $stop.Run([Action]$token.ThrowIfCancellationRequested) } catch { 'caught ' + $_.Exception.GetType().Name }
            'after'
        }
        $r.Output | Should -Be @('before')
        $r.State | Should -Be 'Stopped'
        $r.Reason | Should -BeOfType ([System.Management.Automation.PipelineStoppedException])
        $r.Errors.Count | Should -Be 0
    }

    It 'leaves a cancellation of the work''s own (a timeout) as it is, and a stop after the command ended does nothing' {
        $r = Invoke-WithStop {
            $timeout = [Threading.CancellationTokenSource]::new()
            $timeout.Cancel()
            $token = $timeout.Token
            try { $stop.Run([Action]$token.ThrowIfCancellationRequested); 'not thrown' } catch { $_.Exception.InnerException.GetType().Name }
            $stop.ThrowIfStopped()
            $stop.IsStopped
            $stop.Token.IsCancellationRequested
            $stop.Dispose()
            try { $stop.Stop(); 'stop after dispose ignored' } catch { 'stop after dispose threw ' + $_.Exception.InnerException.GetType().Name }
        }
        $r.State | Should -Be 'Completed'
        $r.Output | Should -Be @('OperationCanceledException', $false, $false, 'stop after dispose ignored')
    }

    It 'ends the command between two pieces of work once stopped (ThrowIfStopped)' {
        $r = Invoke-WithStop {
            $stop.ThrowIfStopped()
            'first piece'
            $stop.Stop()
            $stop.IsStopped
            $stop.Token.IsCancellationRequested
            $stop.ThrowIfStopped()
            'second piece'
        }
        $r.Output | Should -Be @('first piece', $true, $true)
        $r.State | Should -Be 'Stopped'
        $r.Errors.Count | Should -Be 0
    }
}
