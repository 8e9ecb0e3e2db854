"""What other apps can add to an LMN request's page.

A denied LMN leads to appeals work. The appeals app registers a function (in its
AppConfig.ready()) taking the denied request and returning links, e.g.
``[("Start an appeal", "/appeals/new/?lmn=42")]``; the request page shows them.
"""

from collections.abc import Callable

_denial_actions: list[Callable] = []


def register_denial_action(action: Callable) -> Callable:
    if action not in _denial_actions:
        _denial_actions.append(action)
    return action


def denial_actions(lmn_request) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    for action in _denial_actions:
        links.extend(action(lmn_request) or [])
    return links
