"""Test harness: the emulator as a fixture and ansible-playbook through ansible-runner."""
