#Requires -Modules Pester
# The session cmdlets against the local Cortex server: what a user notices.
Describe 'The session cmdlets' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'LocalCortex.psm1') -Force
        $script:manifest = Import-StagedMayros
        $script:cortex = Start-LocalCortex
        Set-MayrosTestDefault -Cortex $cortex
    }

    AfterAll {
        Stop-LocalCortex -Cortex $cortex
        Clear-MayrosTestDefault
    }

    BeforeEach {
        $script:ns = 'p' + [guid]::NewGuid().ToString('N').Substring(0, 10)
        Set-MayrosTestDefault -Cortex $cortex -Namespace $ns
    }

    Describe 'New-MayrosCheckpoint' {
        It 'counts the events stored in Cortex' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s1 -Count 12
            $checkpoint = New-MayrosCheckpoint -Session s1
            $checkpoint.EventCount | Should -Be 12
            $checkpoint.LastEventId | Should -Be 'e11-s1'
            $checkpoint | Should -BeOfType ([type]'Mayros.PowerShell.Models.MayrosCheckpoint')
        }

        It 'takes session keys from the pipeline' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session a -Count 1
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session b -Count 2
            ('a', 'b' | New-MayrosCheckpoint).EventCount | Should -Be 1, 2
        }

        It 'fails with SessionNotFound for an unknown session and writes nothing' {
            $before = Get-CortexTripleCount -Cortex $cortex
            New-MayrosCheckpoint -Session nobody -ErrorVariable failure -ErrorAction SilentlyContinue
            $failure[0].FullyQualifiedErrorId | Should -Be 'SessionNotFound,Mayros.PowerShell.Commands.NewMayrosCheckpointCommand'
            $failure[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }
    }

    Describe 'New-MayrosFork' {
        It 'copies every event into the new session' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session src -Count 20
            $fork = New-MayrosFork -Session src -Name dst
            $fork.EventsCopied | Should -Be 20
            (New-MayrosCheckpoint -Session dst).EventCount | Should -Be 20
            (Get-MayrosFork -Session dst).ParentSession | Should -Be 'src'
            (Get-MayrosFork -Session src).Status | Should -Contain 'forked'
        }

        It 'refuses a name that exists, with SessionAlreadyExists' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session src -Count 2
            $null = New-MayrosFork -Session src -Name taken
            { New-MayrosFork -Session src -Name taken -ErrorAction Stop } |
                Should -Throw -ErrorId 'SessionAlreadyExists,Mayros.PowerShell.Commands.NewMayrosForkCommand'
        }

        It '-WhatIf sends no write' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session src -Count 3
            $before = Get-CortexTripleCount -Cortex $cortex
            New-MayrosFork -Session src -Name maybe -WhatIf
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }
    }

    Describe 'Invoke-MayrosRewind' {
        It 'hides the events after the point from later checkpoints' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 30
            $rewind = Invoke-MayrosRewind -Session s -To '2026-03-01T10:00:19Z' -Confirm:$false
            $rewind.EventsRemoved | Should -Be 10
            $rewind.EventsRetained | Should -Be 20
            (New-MayrosCheckpoint -Session s).EventCount | Should -Be 20
        }

        It 'is harmless when repeated' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 10
            $null = Invoke-MayrosRewind -Session s -To '2026-03-01T10:00:04Z' -Confirm:$false
            $before = Get-CortexTripleCount -Cortex $cortex
            (Invoke-MayrosRewind -Session s -To '2026-03-01T10:00:04Z' -Confirm:$false).EventsRemoved | Should -Be 0
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }

        It 'rejects a -To that is not ISO 8601 before sending anything' {
            { Invoke-MayrosRewind -Session s -To 'yesterday' -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'ParameterArgumentTransformationError,Mayros.PowerShell.Commands.InvokeMayrosRewindCommand'
        }

        It '-WhatIf says how many events it would hide and writes nothing' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session s -Count 30
            $before = Get-CortexTripleCount -Cortex $cortex
            Invoke-MayrosRewind -Session s -To '2026-03-01T10:00:09Z' -WhatIf | Should -BeNullOrEmpty
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }
    }

    Describe 'Get-MayrosFork' {
        It 'lists every session with a status and filters in a pipeline' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 3
            $null = New-MayrosFork -Session root -Name f1
            $null = New-MayrosFork -Session root -Name f2
            (Get-MayrosFork).SessionKey | Should -Be 'f1', 'f2', 'root'
            (Get-MayrosFork | Where-Object Status -eq 'active' | ForEach-Object SessionKey) | Should -Be 'f1', 'f2'
            (Get-MayrosFork -Session root).SessionKey | Should -Be 'root', 'f1', 'f2'
        }

        It 'feeds New-MayrosCheckpoint through the pipeline' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session root -Count 3
            $null = New-MayrosFork -Session root -Name f1
            (Get-MayrosFork | New-MayrosCheckpoint).SessionKey | Should -Be 'f1', 'root'
        }
    }

    Describe 'Get-MayrosSession and Add-MayrosSessionEvent' {
        It 'makes a session from the pipeline, as the README does, and lists it with exact counts and times' {
            $start = [datetime]'2026-03-01T10:00:00Z'
            1..40 | ForEach-Object {
                [pscustomobject]@{ Session = 'agent:ops:main'; Type = 'tool_call'; Agent = 'ops'
                                   Timestamp = $start.AddSeconds($_); Fields = @{ tool = 'grep'; step = "$_" } }
            } | Add-MayrosSessionEvent
            Add-MayrosSessionEvent -Session agent:ops:side -Type note -Fields @{ text = 'hi' } -Timestamp 2026-03-02T00:00:00Z

            $sessions = Get-MayrosSession
            $sessions.SessionKey | Should -Be 'agent:ops:main', 'agent:ops:side'
            $main = $sessions[0]
            $main | Should -BeOfType ([type]'Mayros.PowerShell.Models.MayrosSessionInfo')
            $main.Status | Should -Be 'active'
            $main.EventCount | Should -Be 40
            $main.FirstEvent | Should -Be ([datetimeoffset]'2026-03-01T10:00:01Z')
            $main.LastEvent | Should -Be ([datetimeoffset]'2026-03-01T10:00:40Z')
            $main.Agents | Should -Be 'ops'
            (Get-MayrosSession -Since 2026-03-01T12:00:00Z).SessionKey | Should -Be 'agent:ops:side'
            (Get-MayrosSession 'agent:ops:m*' | Get-MayrosSessionEvent).Count | Should -Be 40
        }

        It 'refuses a non-string field with InvalidSessionEvent and writes nothing' {
            $before = Get-CortexTripleCount -Cortex $cortex
            Add-MayrosSessionEvent -Session s -Type note -Fields @{ n = 5 } -ErrorVariable failure -ErrorAction SilentlyContinue
            $failure[0].FullyQualifiedErrorId | Should -Be 'InvalidSessionEvent,Mayros.PowerShell.Commands.AddMayrosSessionEventCommand'
            $failure[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            Get-CortexTripleCount -Cortex $cortex | Should -Be $before
        }

        It 'lets Get-MayrosFork and New-MayrosCheckpoint find a session that only has events' {
            Add-CortexSessionEvents -Cortex $cortex -Namespace $ns -Session agent:x -Count 3
            (Get-MayrosFork -Session agent:x).Status | Should -Be 'active'
            (Get-MayrosSession agent:x | New-MayrosCheckpoint -Confirm:$false).EventCount | Should -Be 3
            (Get-MayrosSession agent:x).CheckpointCount | Should -Be 1
        }

        It 'fits its default table in 80 columns' {
            Add-MayrosSessionEvent -Session agent:operations:nightly-run -Type note -Timestamp 2026-03-01T10:00:00Z
            $lines = (Get-MayrosSession | Format-Table | Out-String -Width 80) -split "`n"
            $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
            ($lines -join "`n") | Should -Match '2026-03-01T10:00:00Z'
        }
    }
}
